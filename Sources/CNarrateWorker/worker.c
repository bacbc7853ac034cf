/*
 * The espeak-ng worker process (protocol in include/CNarrateWorker.h).
 *
 * espeak-ng 1.51 keeps synthesis state in C statics that no API call resets (the pitch-flutter
 * index in wavegen.c, among others), so the same text gives different samples depending on what
 * was spoken before; and calling espeak_ng_SetParameter many times in one process corrupts its
 * state until some utterances come out silent. narrate therefore initialises espeak-ng once and
 * does everything else (voice selection, parameters, synthesis) in a fork()ed grandchild of that
 * pristine state: the output is a pure function of text and voice.
 *
 * Forking the large, multi-threaded narrate process for every segment costs page-table copies
 * and contends on its memory-map lock, so parallel synthesis scaled badly. Instead narrate forks
 * a few small worker processes from its freshly initialised engine; each worker runs only the C
 * loop below and forks one grandchild per segment from its own pristine state.
 *
 * Only C runs in a worker or grandchild (never the Swift runtime, whose locks another thread may
 * have held at fork time). A grandchild streams its records to a pipe and exits.
 */

#include "CNarrateWorker.h"

#include <espeak-ng/espeak_ng.h>
#include <errno.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int narrate_child_fd = -1;
/* Set while phonemizing: espeak-ng's callback then drops the audio of the empty utterance that
 * switches phoneme input on (see narrate_phonemize). */
static int narrate_discard_audio = 0;

static int narrate_read_full(int fd, void *buffer, size_t length) {
    char *p = (char *)buffer;
    while (length > 0) {
        ssize_t n = read(fd, p, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static int narrate_write_full(int fd, const void *data, size_t length) {
    const char *p = (const char *)data;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static int narrate_write_all(const void *data, size_t length) {
    return narrate_write_full(narrate_child_fd, data, length);
}

static int narrate_child_callback(short *wav, int count, espeak_EVENT *events) {
    for (espeak_EVENT *e = events; e && e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type == espeakEVENT_WORD) {
            int32_t record[4] = {2, e->audio_position, e->text_position, e->length};
            if (narrate_write_all(record, sizeof record) != 0) _exit(3);
        }
    }
    if (wav && count > 0 && !narrate_discard_audio) {
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
static espeak_ng_STATUS narrate_select_voice(const char *name, const char *language, const char *variant) {
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

/*
 * Writes the IPA phonemes of `text` clause by clause, for Piper voices (PiperEngine): one record
 * [3][bytes of text the clause consumed, -1 for the rest][n][n bytes of UTF-8 IPA] per clause.
 * espeak_TextToPhonemes reads `[[...]]` phoneme mnemonics (lexicon entries, EPUB ssml:ph) only
 * when phoneme input is on, and only espeak_ng_Synthesize turns it on: so an empty utterance
 * with espeakPHONEMES goes first, its audio discarded. Runs in a grandchild like synthesis, so
 * the result depends on the text and voice alone, and phonemizing never touches the state that
 * later workers are forked from.
 */
static espeak_ng_STATUS narrate_phonemize(const char *text) {
    narrate_discard_audio = 1;
    espeak_ng_STATUS status = espeak_ng_Synthesize("", 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
    if (status == ENS_OK) status = espeak_ng_Synchronize();
    narrate_discard_audio = 0;
    if (status != ENS_OK) return status;
    const void *cursor = text;
    while (cursor != NULL && *(const char *)cursor != 0) {
        const char *start = (const char *)cursor;
        const char *phonemes = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, espeakPHONEMES_IPA);
        int32_t consumed = cursor != NULL ? (int32_t)((const char *)cursor - start) : -1;
        int32_t length = phonemes != NULL ? (int32_t)strlen(phonemes) : 0;
        int32_t record[3] = {3, consumed, length};
        if (narrate_write_all(record, sizeof record) != 0 || narrate_write_all(phonemes, (size_t)length) != 0) _exit(3);
        if (consumed == 0) break;  /* no progress: never loop forever */
    }
    return ENS_OK;
}

/* What a request asks for: the request's has_text field. */
enum { NARRATE_MODE_VALIDATE = 0, NARRATE_MODE_SYNTHESIZE = 1, NARRATE_MODE_PHONEMIZE = 2 };

/* Test-only faults (TestFaults.swift), so failure handling can be tested: 1 = crash, 2 = hang. */
enum { NARRATE_FAULT_NONE = 0, NARRATE_FAULT_CRASH = 1, NARRATE_FAULT_HANG = 2 };

/*
 * Forks a child that selects the voice, sets the parameters and synthesizes `text`, writing
 * records to `write_fd`; with `text` NULL it only selects the voice (to validate it). Returns the
 * child's pid (or -1 with errno). The caller closes its copy of write_fd and reads read_fd until
 * end of file.
 */
static pid_t narrate_espeak_fork_synthesize(
    int read_fd, int write_fd, const char *voice, const char *language, const char *variant,
    int rate, int pitch, int volume, const char *text, int fault, int mode) {
    pid_t pid = fork();
    if (pid != 0) return pid;

    /* Child: keep only stderr and our pipe, so no other pipe's end stays open here, and die
     * with the process that forked it. */
    pid_t forker = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != forker) _exit(5);
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
    close(0);
    close(1);

    if (fault == NARRATE_FAULT_CRASH) abort();
    if (fault == NARRATE_FAULT_HANG) for (;;) pause();

    espeak_SetSynthCallback(narrate_child_callback);
    espeak_ng_STATUS status = narrate_select_voice(voice, language, variant);
    if (status == ENS_OK && text != NULL && mode == NARRATE_MODE_PHONEMIZE) {
        status = narrate_phonemize(text);
        text = NULL;
    }
    if (status == ENS_OK && text != NULL) status = espeak_ng_SetParameter(espeakRATE, rate, 0);
    if (status == ENS_OK && text != NULL) status = espeak_ng_SetParameter(espeakPITCH, pitch, 0);
    if (status == ENS_OK && text != NULL) status = espeak_ng_SetParameter(espeakVOLUME, volume, 0);
    if (status == ENS_OK && text != NULL)
        status = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
    if (status == ENS_OK && text != NULL) status = espeak_ng_Synchronize();
    int32_t end[2] = {0, (int32_t)status};
    narrate_write_all(end, sizeof end);
    _exit(0);
}


/* Takes a length-prefixed string from the request at *offset; NULL when its length is 0. */
static char *narrate_take_string(const char *request, uint32_t length, uint32_t *offset) {
    uint32_t n;
    if (*offset + 4 > length) return NULL;
    memcpy(&n, request + *offset, 4);
    *offset += 4;
    if (n == 0 || *offset + n > length) return NULL;
    char *s = (char *)malloc(n + 1);
    memcpy(s, request + *offset, n);
    s[n] = 0;
    *offset += n;
    return s;
}

static void narrate_worker_loop(void) {
    int preloaded = 0;
    for (;;) {
        uint32_t length;
        if (narrate_read_full(0, &length, 4) != 0) _exit(0);
        char *request = (char *)malloc(length ? length : 1);
        if (narrate_read_full(0, request, length) != 0 || length < 20) _exit(0);
        int32_t fields[5];
        memcpy(fields, request, 20);
        uint32_t offset = 20;
        char *voice = narrate_take_string(request, length, &offset);
        char *language = narrate_take_string(request, length, &offset);
        char *variant = narrate_take_string(request, length, &offset);
        char *text = narrate_take_string(request, length, &offset);
        if (!preloaded && voice) {
            /* Load the first voice's dictionary once here, so grandchildren need not; measured
             * not to change the output. */
            narrate_select_voice(voice, language, variant);
            preloaded = 1;
        }
        int p[2];
        int32_t header[3] = {1, 0, 0};
        char *output = NULL;
        size_t used = 0, capacity = 0;
        if (pipe(p) == 0) {
            pid_t pid = narrate_espeak_fork_synthesize(
                p[0], p[1], voice ? voice : "", language, variant, fields[0], fields[1], fields[2],
                fields[4] ? (text ? text : "") : NULL, fields[3], fields[4]);
            close(p[1]);
            if (pid > 0) {
                struct pollfd watch[2] = {{p[0], POLLIN, 0}, {0, POLLIN, 0}};
                for (;;) {
                    if (poll(watch, 2, -1) < 0) { if (errno == EINTR) continue; break; }
                    if (watch[1].revents) { kill(pid, SIGKILL); _exit(0); } /* parent gone */
                    if (capacity - used < 65536) {
                        capacity = capacity ? capacity * 2 : 262144;
                        output = (char *)realloc(output, capacity);
                    }
                    ssize_t n = read(p[0], output + used, capacity - used);
                    if (n < 0 && errno == EINTR) continue;
                    if (n <= 0) break;
                    used += (size_t)n;
                }
                int status = 0;
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
                int normal = WIFEXITED(status) && WEXITSTATUS(status) == 0;
                header[0] = normal ? 0 : 1;
                header[1] = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
            }
            close(p[0]);
        }
        header[2] = (int32_t)used;
        if (narrate_write_full(1, header, sizeof header) != 0 || narrate_write_full(1, output, used) != 0) _exit(0);
        free(output); free(request); free(voice); free(language); free(variant); free(text);
    }
}

/*
 * Forks a worker; returns its pid and the parent's ends of its pipes (request writer, response
 * reader). The worker keeps no other descriptor, so it sees end-of-file when the parent is gone.
 */
pid_t narrate_spawn_worker(int *request_fd, int *response_fd) {
    int to_worker[2], from_worker[2];
    if (pipe(to_worker) != 0) return -1;
    if (pipe(from_worker) != 0) { close(to_worker[0]); close(to_worker[1]); return -1; }
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);  /* the parent decides; the worker ends when its stdin closes */
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        /* The Swift runtime's crash handlers (its backtracer) were inherited with the fork: a
         * crashing worker or grandchild would print a 60-line Swift backtrace for C code. Plain
         * default actions instead; the parent reports the crash in one line. */
        int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGQUIT};
        for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++) signal(crashes[i], SIG_DFL);
        if (dup2(to_worker[0], 0) < 0 || dup2(from_worker[1], 1) < 0) _exit(4);
#ifdef SYS_close_range
        if (syscall(SYS_close_range, 3U, ~0U, 0) != 0)
#endif
            for (int fd = 3; fd < 4096; fd++) close(fd);
        narrate_worker_loop();
        _exit(0);
    }
    close(to_worker[0]);
    close(from_worker[1]);
    if (pid < 0) { close(to_worker[1]); close(from_worker[0]); return -1; }
    *request_fd = to_worker[1];
    *response_fd = from_worker[0];
    return pid;
}
