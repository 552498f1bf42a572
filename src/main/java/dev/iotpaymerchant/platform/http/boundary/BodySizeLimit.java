package dev.iotpaymerchant.platform.http.boundary;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses bodies larger than anything our API needs (an order request or an IOTPay notification
 * is well under 4 KiB), whether or not the client declares a Content-Length.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 16 * 1024;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getLength() > MAX_BYTES) {
            throw new PayloadTooLargeException();
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    /** Reads at most MAX_BYTES; one byte more fails the read. */
    static final class Bounded extends FilterInputStream {

        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > MAX_BYTES) {
                throw new PayloadTooLargeException();
            }
        }
    }
}
