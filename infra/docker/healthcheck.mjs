// Container healthcheck for every Node image: GET http://127.0.0.1:$PORT/health with Node's own fetch (the
// slim images have no curl or wget). Exit 0 when the service answers 2xx (healthy or degraded), 1 otherwise.
const port = process.env.PORT || "8000";
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
