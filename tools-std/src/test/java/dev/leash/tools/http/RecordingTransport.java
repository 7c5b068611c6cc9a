package dev.leash.tools.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Routes checked requests to a loopback stub and remembers each one it carried. */
final class RecordingTransport implements HttpTransport {

    private final HttpTransport delegate;
    final List<Request> carried = new CopyOnWriteArrayList<>();

    RecordingTransport(HttpTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        carried.add(request);
        return delegate.send(request);
    }
}
