/**
 * Weaviate through its `backup-s3` module: Weaviate itself writes to the bucket, configured on the Weaviate
 * side (ENABLE_MODULES=backup-s3, BACKUP_S3_BUCKET, BACKUP_S3_ENDPOINT, BACKUP_S3_USE_SSL, AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_REGION; see infra/observability/README.md). We start it and wait for the outcome.
 */
async function call(
  url: string,
  path: string,
  apiKey: string | undefined,
  init: RequestInit = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(`${url.replace(/\/+$/, "")}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(apiKey && { authorization: `Bearer ${apiKey}` }) },
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(`weaviate ${path}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

async function waitFor(
  url: string,
  path: string,
  apiKey: string | undefined,
): Promise<Record<string, unknown>> {
  for (;;) {
    const state = await call(url, path, apiKey);
    if (state.status === "SUCCESS") return state;
    if (state.status === "FAILED") throw new Error(`weaviate backup failed: ${String(state.error ?? "")}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function backupWeaviate(
  url: string,
  apiKey: string | undefined,
  id: string,
): Promise<{ backupId: string; classes: string[] }> {
  const started = await call(url, "/v1/backups/s3", apiKey, { method: "POST", body: JSON.stringify({ id }) });
  await waitFor(url, `/v1/backups/s3/${id}`, apiKey);
  return { backupId: id, classes: (started.classes as string[] | undefined) ?? [] };
}

export async function restoreWeaviate(url: string, apiKey: string | undefined, id: string): Promise<void> {
  await call(url, `/v1/backups/s3/${id}/restore`, apiKey, { method: "POST", body: JSON.stringify({}) });
  await waitFor(url, `/v1/backups/s3/${id}/restore`, apiKey);
}
