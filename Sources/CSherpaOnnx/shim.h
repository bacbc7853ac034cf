#ifndef NARRATE_CSHERPAONNX_SHIM_H
#define NARRATE_CSHERPAONNX_SHIM_H

/*
 * The part of sherpa-onnx's C API (sherpa-onnx/c-api/c-api.h, v2.0.1, Apache-2.0) that narrate
 * uses for Piper voices: the offline TTS structs, laid out exactly as in that header, and the
 * functions as pointer types. Nothing here is linked: SherpaOnnxVoiceModel dlopen()s
 * libsherpa-onnx-c-api.so and looks the functions up by name (see Docs/voices.md).
 */

#include <stdint.h>

typedef struct SherpaOnnxOfflineTtsVitsModelConfig {
  /** Path to the VITS ONNX model, for example `./vits-ljs.onnx`. */
  const char *model;
  /** Path to the lexicon file. */
  const char *lexicon;
  /** Path to the tokens file. */
  const char *tokens;
  /**
   * Path to espeak-ng-data.
   *
   * @deprecated Ignored since v2.0.0. Pass pre-phonemized input via
   * SherpaOnnxGenerationConfig.phoneme_codepoints (or .tokens) instead.
   */
  const char *data_dir;
  /** VITS noise scale. */
  float noise_scale;
  /** VITS duration noise scale. */
  float noise_scale_w;
  /** Speech rate scale. Values < 1 are slower; values > 1 are faster. */
  float length_scale;
  /** Unused legacy field kept for ABI compatibility. */
  const char *dict_dir;
} SherpaOnnxOfflineTtsVitsModelConfig;

/** @brief Configuration for a Matcha TTS model. */
typedef struct SherpaOnnxOfflineTtsMatchaModelConfig {
  /** Path to the Matcha acoustic model. */
  const char *acoustic_model;
  /** Path to the vocoder model, for example `./vocos-22khz-univ.onnx`. */
  const char *vocoder;
  /** Path to the lexicon file. */
  const char *lexicon;
  /** Path to the tokens file. */
  const char *tokens;
  /**
   * Path to espeak-ng-data.
   *
   * @deprecated Ignored since v2.0.0. Pass pre-phonemized input via
   * SherpaOnnxGenerationConfig.phoneme_codepoints (or .tokens) instead.
   */
  const char *data_dir;
  /** Matcha noise scale. */
  float noise_scale;
  /** Speech rate scale. Values < 1 are slower; values > 1 are faster. */
  float length_scale;
  /** Unused legacy field kept for ABI compatibility. */
  const char *dict_dir;
} SherpaOnnxOfflineTtsMatchaModelConfig;

/** @brief Configuration for a Kokoro TTS model. */
typedef struct SherpaOnnxOfflineTtsKokoroModelConfig {
  /** Path to the Kokoro model, for example `./kokoro-en-v0_19/model.onnx`. */
  const char *model;
  /** Path to the Kokoro voices file. */
  const char *voices;
  /** Path to the tokens file. */
  const char *tokens;
  /**
   * Path to espeak-ng-data.
   *
   * @deprecated Ignored since v2.0.0. Pass pre-phonemized input via
   * SherpaOnnxGenerationConfig.phoneme_codepoints (or .tokens) instead.
   */
  const char *data_dir;
  /** Speech rate scale. Values < 1 are slower; values > 1 are faster. */
  float length_scale;
  /** Unused legacy field kept for ABI compatibility. */
  const char *dict_dir;
  /** Optional lexicon file. */
  const char *lexicon;
  /** Optional language hint. */
  const char *lang;
} SherpaOnnxOfflineTtsKokoroModelConfig;

/** @brief Configuration for a Kitten TTS model. */
typedef struct SherpaOnnxOfflineTtsKittenModelConfig {
  /** Path to the Kitten model. */
  const char *model;
  /** Path to the Kitten voices file. */
  const char *voices;
  /** Path to the tokens file. */
  const char *tokens;
  /**
   * Path to espeak-ng-data.
   *
   * @deprecated Ignored since v2.0.0. Pass pre-phonemized input via
   * SherpaOnnxGenerationConfig.phoneme_codepoints (or .tokens) instead.
   */
  const char *data_dir;
  /** Speech rate scale. Values < 1 are slower; values > 1 are faster. */
  float length_scale;
  /** Path to the lexicon file. */
  const char *lexicon;
} SherpaOnnxOfflineTtsKittenModelConfig;

/** @brief Configuration for a ZipVoice TTS model. */
typedef struct SherpaOnnxOfflineTtsZipvoiceModelConfig {
  /** Path to the tokens file. */
  const char *tokens;
  /** Path to the ZipVoice encoder model. */
  const char *encoder;
  /** Path to the ZipVoice decoder model. */
  const char *decoder;
  /** Path to the vocoder model. */
  const char *vocoder;
  /**
   * Path to espeak-ng-data.
   *
   * @deprecated Ignored since v2.0.0. Pass pre-phonemized input via
   * SherpaOnnxGenerationConfig.phoneme_codepoints (or .tokens) instead.
   */
  const char *data_dir;
  /** Path to the lexicon file. */
  const char *lexicon;
  /** Feature scaling factor. */
  float feat_scale;
  /** Time shift parameter. */
  float t_shift;
  /** Target RMS parameter. */
  float target_rms;
  /** Guidance scale parameter. */
  float guidance_scale;
} SherpaOnnxOfflineTtsZipvoiceModelConfig;

/** @brief Configuration for a Pocket TTS model. */
typedef struct SherpaOnnxOfflineTtsPocketModelConfig {
  /** Path to `lm_flow*.onnx`. */
  const char *lm_flow;
  /** Path to `lm_main*.onnx`. */
  const char *lm_main;
  /** Path to the Pocket encoder model. */
  const char *encoder;
  /** Path to the Pocket decoder model. */
  const char *decoder;
  /** Path to the text conditioner model. */
  const char *text_conditioner;
  /** Path to `vocab.json`. */
  const char *vocab_json;
  /** Path to `token_scores.json`. */
  const char *token_scores_json;
  /** Voice embedding cache capacity. */
  int32_t voice_embedding_cache_capacity;
} SherpaOnnxOfflineTtsPocketModelConfig;

/** @brief Configuration for a Supertonic TTS model. */
typedef struct SherpaOnnxOfflineTtsSupertonicModelConfig {
  /** Path to the duration predictor model. */
  const char *duration_predictor;
  /** Path to the text encoder model. */
  const char *text_encoder;
  /** Path to the vector estimator model. */
  const char *vector_estimator;
  /** Path to the vocoder model. */
  const char *vocoder;
  /** Path to `tts.json`. */
  const char *tts_json;
  /** Path to the unicode indexer file. */
  const char *unicode_indexer;
  /** Path to the voice style file. */
  const char *voice_style;
} SherpaOnnxOfflineTtsSupertonicModelConfig;

/**
 * @brief Configuration shared by offline TTS models.
 *
 * Exactly one TTS model family should be configured. For example, set only one
 * of @c vits, @c matcha, @c kokoro, @c kitten, @c zipvoice, @c pocket, or
 * @c supertonic.
 *
 * If multiple model families are configured at the same time, the
 * implementation will choose one of them, and which one is used is
 * implementation-defined. Do not rely on any precedence rule.
 *
 * Concrete example model packages in this repository include:
 * - `kokoro-en-v0_19`
 * - `sherpa-onnx-pocket-tts-int8-2026-01-26`
 * - `matcha-icefall-en_US-ljspeech`
 * - `sherpa-onnx-zipvoice-distill-int8-zh-en-emilia`
 */
typedef struct SherpaOnnxOfflineTtsModelConfig {
  /** VITS configuration. */
  SherpaOnnxOfflineTtsVitsModelConfig vits;
  /** Number of backend threads. */
  int32_t num_threads;
  /** Non-zero to print debug information. */
  int32_t debug;
  /** Execution provider, for example "cpu" or "cuda". */
  const char *provider;
  /** Matcha configuration. */
  SherpaOnnxOfflineTtsMatchaModelConfig matcha;
  /** Kokoro configuration. */
  SherpaOnnxOfflineTtsKokoroModelConfig kokoro;
  /** Kitten configuration. */
  SherpaOnnxOfflineTtsKittenModelConfig kitten;
  /** ZipVoice configuration. */
  SherpaOnnxOfflineTtsZipvoiceModelConfig zipvoice;
  /** Pocket configuration. */
  SherpaOnnxOfflineTtsPocketModelConfig pocket;
  /** Supertonic configuration. */
  SherpaOnnxOfflineTtsSupertonicModelConfig supertonic;
} SherpaOnnxOfflineTtsModelConfig;
typedef struct SherpaOnnxOfflineTtsConfig {
  /** TTS model configuration. */
  SherpaOnnxOfflineTtsModelConfig model;
  /** Optional comma-separated rule FST list. */
  const char *rule_fsts;
  /** Maximum number of sentences processed per chunk. */
  int32_t max_num_sentences;
  /** Optional FAR archives used by text normalization rules. */
  const char *rule_fars;
  /** Default silence scale between sentences. */
  float silence_scale;
} SherpaOnnxOfflineTtsConfig;
typedef struct SherpaOnnxGeneratedAudio {
  /** Generated mono samples in the range [-1, 1]. */
  const float *samples;
  /** Number of samples in @c samples. */
  int32_t n;
  /** Output sample rate. */
  int32_t sample_rate;
} SherpaOnnxGeneratedAudio;
typedef struct SherpaOnnxOfflineTts SherpaOnnxOfflineTts;
typedef struct SherpaOnnxGenerationConfig {
  /** Silence scale between sentences. */
  float silence_scale;
  /** Speech rate. Used only by models that support it. */
  float speed;
  /** Speaker ID for multi-speaker models. */
  int32_t sid;
  /** Optional reference audio for zero-shot or voice-cloning models. */
  const float *reference_audio;
  /** Length of @c reference_audio in samples. */
  int32_t reference_audio_len;
  /** Sample rate of @c reference_audio. */
  int32_t reference_sample_rate;
  /** Optional reference text associated with @c reference_audio. */
  const char *reference_text;
  /** Optional number of flow-matching steps. */
  int32_t num_steps;
  /** Optional model-specific JSON string with extra key/value pairs. */
  const char *extra;

  /**
   * Pre-phonemized input as Unicode codepoints.
   *
   * Phonemize the text yourself (for instance with piper_phonemize) and pass
   * the resulting codepoints here. When set, it is used in place of @c text.
   * Leave as NULL to use @c text with a lexicon.
   *
   * Each sentence is one sub-array. All codepoints of all sentences are stored
   * flattened in this array; see @c phoneme_codepoints_lens for the boundaries.
   */
  const int32_t *phoneme_codepoints;

  /** Number of codepoints in each sentence. It has
   *  @c phoneme_codepoints_num_sentences entries. If not NULL, every entry
   *  must be > 0. */
  const int32_t *phoneme_codepoints_lens;

  /** Number of sentences in @c phoneme_codepoints_lens. */
  int32_t phoneme_codepoints_num_sentences;

  /**
   * Pre-tokenized input, e.g. Chinese pinyin like "zhong1".
   *
   * Each sentence is one sub-array. All token strings of all sentences are
   * stored flattened in this array; see @c tokens_lens for the boundaries.
   *
   * Mutually exclusive with @c phoneme_codepoints: if both are set, a warning
   * is printed and generation fails.
   */
  const char *const *tokens;

  /** Number of tokens in each sentence. It has @c tokens_num_sentences
   *  entries. If not NULL, every entry must be > 0. */
  const int32_t *tokens_lens;

  /** Number of sentences in @c tokens_lens. */
  int32_t tokens_num_sentences;
} SherpaOnnxGenerationConfig;

/* The functions narrate looks up, as pointer types (names as in c-api.h without the typedef suffix). */
typedef const char *(*SherpaOnnxGetVersionStrFn)(void);
typedef const SherpaOnnxOfflineTts *(*SherpaOnnxCreateOfflineTtsFn)(const SherpaOnnxOfflineTtsConfig *config);
typedef void (*SherpaOnnxDestroyOfflineTtsFn)(const SherpaOnnxOfflineTts *tts);
typedef int32_t (*SherpaOnnxOfflineTtsSampleRateFn)(const SherpaOnnxOfflineTts *tts);
typedef const SherpaOnnxGeneratedAudio *(*SherpaOnnxOfflineTtsGenerateWithConfigFn)(
    const SherpaOnnxOfflineTts *tts, const char *text, const SherpaOnnxGenerationConfig *config,
    int32_t (*callback)(const float *samples, int32_t n, float p, void *arg), void *arg);
typedef void (*SherpaOnnxDestroyOfflineTtsGeneratedAudioFn)(const SherpaOnnxGeneratedAudio *p);

#endif
