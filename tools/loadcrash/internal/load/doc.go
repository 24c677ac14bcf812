// Package load is the client side of the load and crash test of the ingest
// API: a plan of signed batches cut from generated events, with events
// repeated across batches, and the clients that deliver each batch at least
// once — posting it again when they get no answer or a 503, and now and then
// re-sending one already acknowledged — while recording every
// acknowledgement, so that the stored events can be compared with the
// acknowledged ones afterwards.
//
// It speaks to the server only over HTTP, as a real client does: POST
// /v1/events or /v1/callbacks with the pinned signature headers. It must
// never import the server's packages (httpapi, store adapters).
package load
