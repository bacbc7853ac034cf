#ifndef NARRATE_CSOXR_SHIM_H
#define NARRATE_CSOXR_SHIM_H
#include <soxr.h>

/// A high-quality 16-bit mono resampler (soxr_io_spec and soxr_quality_spec return structs,
/// which are easier to build here than in Swift).
static inline soxr_t narrate_soxr_create_int16(double input_rate, double output_rate, soxr_error_t *error) {
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
    soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    return soxr_create(input_rate, output_rate, 1, error, &io, &quality, NULL);
}
#endif
