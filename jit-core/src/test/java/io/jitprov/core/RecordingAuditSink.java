package io.jitprov.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for tests to read. */
final class RecordingAuditSink implements AuditSink {

    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    AuditEvent last() {
        return events.get(events.size() - 1);
    }
}
