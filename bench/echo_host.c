/* The floor: a native-messaging host that does nothing but echo. It reads one frame (a 32-bit
 * native-endian length and that many bytes), writes it back, and loops until stdin ends. Plain
 * read(2)/write(2), one reused buffer, no stdio: nothing a real host could do with less.
 *
 * With the first argument --answer-hello=N (bench/badge-latency.mjs, through a wrapper script that
 * a browser starts), a frame holding "type":"hello" is answered with the smallest hello an extension
 * accepts, {"v":1,"id":<its id>,"type":"hello","protocol":N}, instead of its echo; every other frame
 * is still echoed. The extension closes a port whose hello is not compatible, so without this the
 * echo host could never hold the extension's port open. Other arguments (the browser's) are ignored. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { max_frame = 1024 * 1024 };

/* Reads exactly n bytes; returns n, 0 at EOF before the first byte, -1 on a short read or error. */
static long read_exactly(int fd, char *buffer, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t got = read(fd, buffer + done, n - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return done == 0 && got == 0 ? 0 : -1;
        done += (size_t)got;
    }
    return (long)n;
}

static int write_all(int fd, const char *buffer, size_t n) {
    while (n > 0) {
        ssize_t put = write(fd, buffer, n);
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) return -1;
        buffer += put;
        n -= (size_t)put;
    }
    return 0;
}

/* The value after "key": in [body, end) (spaces allowed around the colon), or NULL. */
static const char *value_of(const char *body, const char *end, const char *key) {
    const size_t key_length = strlen(key);
    for (const char *at = body; at < end;) {
        const char *found = memmem(at, (size_t)(end - at), key, key_length);
        if (!found) return NULL;
        const char *p = found + key_length;
        while (p < end && *p == ' ') ++p;
        if (p < end && *p == ':') {
            ++p;
            while (p < end && *p == ' ') ++p;
            return p;
        }
        at = found + 1;
    }
    return NULL;
}

/* Writes into reply the hello reply for a hello request held in frame (its length prefix, then
 * length bytes) and returns its size, or 0 when the frame is not a hello with a numeric id. */
static size_t hello_reply(const char *frame, uint32_t length, const char *protocol, char *reply, size_t room) {
    const char *body = frame + 4, *end = body + length;
    const char *type = value_of(body, end, "\"type\"");
    if (!type || (size_t)(end - type) < 7 || memcmp(type, "\"hello\"", 7) != 0) return 0;
    const char *id = value_of(body, end, "\"id\"");
    if (!id) return 0;
    size_t digits = 0;
    while (id + digits < end && id[digits] >= '0' && id[digits] <= '9') ++digits;
    if (digits == 0 || digits > 20) return 0;
    const int n = snprintf(reply + 4, room - 4, "{\"v\":1,\"id\":%.*s,\"type\":\"hello\",\"protocol\":%s}", (int)digits, id, protocol);
    if (n < 0 || (size_t)n >= room - 4) return 0;
    const uint32_t reply_length = (uint32_t)n;
    memcpy(reply, &reply_length, sizeof reply_length);
    return 4 + (size_t)n;
}

int main(int argc, char **argv) {
    static char frame[4 + max_frame];
    static const char option[] = "--answer-hello=";
    const char *protocol = argc > 1 && strncmp(argv[1], option, sizeof option - 1) == 0 ? argv[1] + sizeof option - 1 : NULL;
    if (protocol && (strlen(protocol) == 0 || strlen(protocol) > 9 || strspn(protocol, "0123456789") != strlen(protocol))) return 2;
    for (;;) {
        long got = read_exactly(0, frame, 4);
        if (got == 0) return 0;
        if (got < 0) return 1;
        uint32_t length;
        memcpy(&length, frame, sizeof length);
        if (length > max_frame) return 1;
        if (length > 0 && read_exactly(0, frame + 4, length) != (long)length) return 1;
        char reply[128];
        size_t reply_size = protocol ? hello_reply(frame, length, protocol, reply, sizeof reply) : 0;
        if (reply_size > 0) {
            if (write_all(1, reply, reply_size) != 0) return 1;
            continue;
        }
        if (write_all(1, frame, 4 + (size_t)length) != 0) return 1;
    }
}
