/**
 * The most calls one batched tRPC request may hold. The coordinator refuses a larger batch
 * whole, before any call runs; the client's batch link splits its batches to fit.
 */
export const maxCallsPerBatch = 20;
