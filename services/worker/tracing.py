"""Continues the api's trace (W3C traceparent) when OpenTelemetry is installed; otherwise does nothing."""

import contextlib

try:
    from opentelemetry import trace
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
except ImportError:  # optional: the worker runs the same without it
    trace = None


def trace_id(traceparent):
    """The trace id of a traceparent (00-<trace id>-<span id>-<flags>), for log lines; '-' when there is none."""
    parts = (traceparent or "").split("-")
    return parts[1] if len(parts) == 4 and len(parts[1]) == 32 else "-"


def job_span(traceparent, **attributes):
    """A consumer span for one job, child of the producer's span; a no-op without OpenTelemetry."""
    if trace is None:
        return contextlib.nullcontext()
    context = TraceContextTextMapPropagator().extract({"traceparent": traceparent} if traceparent else {})
    return trace.get_tracer("worker").start_as_current_span(
        "process document", context=context, kind=trace.SpanKind.CONSUMER, attributes=attributes)
