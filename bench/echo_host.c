/* The floor: a native-messaging host that does nothing but echo. It reads one frame (a 32-bit
 * native-endian length and that many bytes), writes it back, and loops until stdin ends. Plain
 * read(2)/write(2), one reused buffer, no stdio: nothing a real host could do with less. */
#include <errno.h>
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

int main(void) {
    static char frame[4 + max_frame];
    for (;;) {
        long got = read_exactly(0, frame, 4);
        if (got == 0) return 0;
        if (got < 0) return 1;
        uint32_t length;
        memcpy(&length, frame, sizeof length);
        if (length > max_frame) return 1;
        if (length > 0 && read_exactly(0, frame + 4, length) != (long)length) return 1;
        if (write_all(1, frame, 4 + (size_t)length) != 0) return 1;
    }
}
