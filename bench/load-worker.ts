/**
 * A small HTTP load generator, run in a worker thread so that it does not share the servers' event
 * loop: `connections` keep-alive connections each send one GET after another until `durationMs`
 * has passed or `maxRequests` have been sent, recording each request's latency.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export type LoadJob = {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
  maxRequests: number;
};

export type LoadResult = {
  /** Milliseconds per completed 2xx request. */
  latenciesMs: number[];
  wallMs: number;
  errors: number;
  /** Status codes other than 200, with counts. */
  statuses: Record<string, number>;
};

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function generateLoad(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  if (url.hostname !== '127.0.0.1') throw new Error('The load generator only targets 127.0.0.1');
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  const start = nowMs();
  const deadline = start + job.durationMs;
  const loop = async () => {
    while (nowMs() < deadline && sent < job.maxRequests) {
      sent++;
      const t0 = nowMs();
      try {
        const status = await get(agent, url, job.headers);
        if (status === 200) latenciesMs.push(nowMs() - t0);
        else statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  const wallMs = nowMs() - start;
  agent.destroy();
  return { latenciesMs, wallMs, errors, statuses };
}

if (parentPort && workerData && (workerData as { loadWorker?: boolean }).loadWorker) {
  const port = parentPort;
  port.on('message', (job: LoadJob) => {
    generateLoad(job).then(
      (result) => port.postMessage({ ok: true, result }),
      (error: unknown) => port.postMessage({ ok: false, error: String(error) }),
    );
  });
}
