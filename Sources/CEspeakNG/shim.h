#include <espeak-ng/espeak_ng.h>
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * espeak-ng 1.51 keeps synthesis state in C statics that no API call resets (the pitch-flutter
 * index in wavegen.c, among others), so the same text gives different samples depending on what
 * was spoken before; and calling espeak_ng_SetParameter many times in one process corrupts its
 * state until some utterances come out silent. narrate therefore initialises espeak-ng once and
 * does everything else (voice selection, parameters, synthesis) in a fork()ed child of that
 * pristine state: the output is a pure function of text and voice.
 *
 * Only C runs in the child (never the Swift runtime, whose locks another thread may have held
 * at fork time). It streams records to a pipe and exits:
 *   [int32 kind = 1][int32 count][count x int16 samples]
 *   [int32 kind = 2][int32 audio_ms][int32 text_position][int32 length]   a word event
 *   [int32 kind = 0][int32 espeak status]                                 end of synthesis
 */

static int narrate_child_fd = -1;

static inline int narrate_write_all(const void *data, size_t length) {
    const char *p = (const char *)data;
    while (length > 0) {
        ssize_t n = write(narrate_child_fd, p, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static inline int narrate_child_callback(short *wav, int count, espeak_EVENT *events) {
    for (espeak_EVENT *e = events; e && e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type == espeakEVENT_WORD) {
            int32_t record[4] = {2, e->audio_position, e->text_position, e->length};
            if (narrate_write_all(record, sizeof record) != 0) _exit(3);
        }
    }
    if (wav && count > 0) {
        int32_t header[2] = {1, count};
        if (narrate_write_all(header, sizeof header) != 0 || narrate_write_all(wav, (size_t)count * 2) != 0) _exit(3);
    }
    return 0;
}

/*
 * Selects a voice like the espeak-ng command line does: by name ("en-us", "en+f3"); failing that,
 * when `language` is given, by language (the caller passes it only for languages espeak-ng has),
 * then re-selected by file name with "+variant" when `variant` is given.
 */
static inline espeak_ng_STATUS narrate_select_voice(const char *name, const char *language, const char *variant) {
    espeak_ng_STATUS status = espeak_ng_SetVoiceByName(name);
    if (status != ENS_VOICE_NOT_FOUND || language == NULL) return status;
    espeak_VOICE selector;
    memset(&selector, 0, sizeof selector);
    selector.languages = language;
    status = espeak_ng_SetVoiceByProperties(&selector);
    if (status != ENS_OK || variant == NULL) return status;
    espeak_VOICE *current = espeak_GetCurrentVoice();
    if (current == NULL || current->identifier == NULL) return ENS_VOICE_NOT_FOUND;
    char with_variant[512];
    const char *file = strrchr(current->identifier, '/');
    snprintf(with_variant, sizeof with_variant, "%s+%s", file ? file + 1 : current->identifier, variant);
    status = espeak_ng_SetVoiceByName(with_variant);
    if (status == ENS_VOICE_NOT_FOUND) {
        snprintf(with_variant, sizeof with_variant, "%s+%s", current->identifier, variant);
        status = espeak_ng_SetVoiceByName(with_variant);
    }
    return status;
}

/* Test-only faults, so failure handling can be tested: 1 = crash, 2 = hang. */
enum { NARRATE_FAULT_NONE = 0, NARRATE_FAULT_CRASH = 1, NARRATE_FAULT_HANG = 2 };

/*
 * Forks a child that selects the voice, sets the parameters and synthesizes `text`, writing
 * records to `write_fd`; with `text` NULL it only selects the voice (to validate it). Returns the
 * child's pid (or -1 with errno). The caller closes its copy of write_fd and reads read_fd until
 * end of file.
 */
static inline pid_t narrate_espeak_fork_synthesize(
    int read_fd, int write_fd, const char *voice, const char *language, const char *variant,
    int rate, int pitch, int volume, const char *text, int fault) {
    pid_t pid = fork();
    if (pid != 0) return pid;

    /* Child: keep only stdin/out/err and our pipe, so no other pipe's end stays open here. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    close(read_fd);
    if (write_fd != 3) {
        if (dup2(write_fd, 3) < 0) _exit(4);
    }
    narrate_child_fd = 3;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 4U, ~0U, 0) != 0)
#endif
        for (int fd = 4; fd < 4096; fd++) close(fd);

    if (fault == NARRATE_FAULT_CRASH) abort();
    if (fault == NARRATE_FAULT_HANG) for (;;) pause();

    espeak_SetSynthCallback(narrate_child_callback);
    espeak_ng_STATUS status = narrate_select_voice(voice, language, variant);
    if (status == ENS_OK && text != NULL) status = espeak_ng_SetParameter(espeakRATE, rate, 0);
    if (status == ENS_OK && text != NULL) status = espeak_ng_SetParameter(espeakPITCH, pitch, 0);
    if (status == ENS_OK && text != NULL) status = espeak_ng_SetParameter(espeakVOLUME, volume, 0);
    if (status == ENS_OK && text != NULL)
        status = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    if (status == ENS_OK && text != NULL) status = espeak_ng_Synchronize();
    int32_t end[2] = {0, (int32_t)status};
    narrate_write_all(end, sizeof end);
    _exit(0);
}
