package io.jitgate.audit;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data part of an attribution log file: everything before its first NUL byte. An active log is
 * preallocated ahead of its records with zero bytes ({@link FileAuditLog}), so that an fsync after a
 * write into that space flushes data only, without a file-system journal commit; a record never
 * holds a NUL byte (JSON escapes control characters), so the first one marks where the records end.
 * Files closed in order (rotated or at shutdown) are cut to their data and hold no NUL at all.
 */
public final class LogData {
    private LogData() {
    }

    /** A reader of the file's data part (UTF-8); the last line may lack its newline (a torn tail). */
    public static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(stream(file), StandardCharsets.UTF_8));
    }

    /** The file's bytes up to (not including) its first NUL byte. */
    static InputStream stream(Path file) throws IOException {
        return new UpToNul(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    /** The length of the data part: the position of the first NUL byte, or the file's size. */
    static long end(Path file) throws IOException {
        long n = 0;
        try (InputStream in = stream(file)) {
            byte[] chunk = new byte[1 << 16];
            int read;
            while ((read = in.read(chunk)) > 0) {
                n += read;
            }
        }
        return n;
    }

    /** Reads until the first NUL byte, then reports end of stream. */
    private static final class UpToNul extends FilterInputStream {
        private boolean ended;

        UpToNul(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            int b = super.read();
            if (b <= 0) {
                ended = true;
                return -1;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            int n = super.read(buffer, offset, length);
            if (n <= 0) {
                ended = n < 0 || ended;
                return n;
            }
            for (int i = 0; i < n; i++) {
                if (buffer[offset + i] == 0) {
                    ended = true;
                    return i == 0 ? -1 : i;
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip is not supported");
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
