#ifndef CNARRATEWORKER_H
#define CNARRATEWORKER_H

#include <sys/types.h>

/*
 * narrate's espeak-ng worker processes (worker.c), used by SynthesisWorkerPool.
 *
 * A worker is forked from the narrate process right after espeak-ng was initialised; it runs
 * only the C loop in worker.c and forks one grandchild per request from its own pristine state,
 * so every segment's audio is a pure function of its text and voice. The pipe protocol, all
 * integers little-endian (its Swift side is Sources/NarrateCore/Synthesis/WorkerProtocol.swift):
 *
 * request (parent -> worker stdin):
 *   [u32 length][i32 rate][i32 pitch][i32 volume][i32 fault][i32 has_text]
 *   [u32 n][voice] [u32 n][language, n = 0 for none] [u32 n][variant, n = 0 for none] [u32 n][text]
 *   fault is for tests only: 0 none, 1 the grandchild crashes (abort), 2 it hangs.
 * response (worker stdout -> parent):
 *   [i32 outcome: 0 = the grandchild exited normally, 1 = it died][i32 signal or exit status]
 *   [u32 n][n bytes of the grandchild's records]
 * records (what the grandchild wrote, in order):
 *   [i32 kind = 1][i32 count][count x int16 samples]
 *   [i32 kind = 2][i32 audio_ms][i32 text_position][i32 length]   a word event
 *   [i32 kind = 3][i32 bytes consumed, -1 = the rest][u32 n][n bytes of IPA]   a clause's phonemes
 *   [i32 kind = 0][i32 espeak status]                             end of synthesis
 * With has_text = 0 the grandchild only selects the voice (to validate it); with has_text = 2 it
 * writes the text's IPA phonemes clause by clause (kind 3, for Piper voices) instead of audio.
 * The worker exits when its stdin closes (the parent is gone), killing a grandchild in flight.
 */

/*
 * Forks a worker; returns its pid and the parent's ends of its pipes (request writer, response
 * reader), or -1 with errno. The worker keeps no other descriptor, so it sees end of file when
 * the parent is gone. Call only after espeak-ng has been initialised.
 */
pid_t narrate_spawn_worker(int *request_fd, int *response_fd);

#endif
