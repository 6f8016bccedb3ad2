package io.jitprov.core;

import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for tests to read. */
public final class RecordingAuditSink implements AuditSink {

    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    public AuditEvent last() {
        return events.get(events.size() - 1);
    }
}
