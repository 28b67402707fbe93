// Time to first token of a streaming chat completion, measured the way a chat UI feels it.
//
// Sends --count sequential POSTs (after --warmup unmeasured ones) over one keep-alive connection
// and records, per request, the time from writing the request to
//   - ttfb: the response headers (what curl calls time_starttransfer), and
//   - ttft: the first SSE event whose delta carries non-empty "content" (the first token).
// A gateway can send headers before it has heard from the upstream, so only ttft is the number
// a user notices. Prints one JSON line with medians and p90s in microseconds.
//
// Why not a loop of curl: a fresh process and connection per request adds ~5 ms of noise to a
// quantity measured in hundreds of microseconds. Node's http client with one socket is the same
// for every target, so the difference between targets is the gateway's.
//
// Usage: node ttft.mjs --url URL --body FILE [--count 300] [--warmup 30] [--header 'k: v']...

import { readFileSync } from 'node:fs';
import http from 'node:http';

function parseArgs(argv) {
  const args = { count: 300, warmup: 30, headers: {} };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    switch (flag) {
      case '--url': args.url = new URL(value); break;
      case '--body': args.body = readFileSync(value); break;
      case '--count': args.count = Number.parseInt(value, 10); break;
      case '--warmup': args.warmup = Number.parseInt(value, 10); break;
      case '--header': {
        const colon = value.indexOf(':');
        if (colon < 1) throw new Error(`header must be 'name: value', got ${value}`);
        args.headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
        break;
      }
      default: throw new Error(`unknown flag ${flag}`);
    }
  }
  if (!args.url || !args.body) throw new Error('--url and --body are required');
  if (!(args.count > 0 && args.warmup >= 0)) throw new Error('--count must be > 0 and --warmup >= 0');
  return args;
}

// First token: a delta whose "content" string is not empty (the role chunk carries "").
const FIRST_TOKEN = /"delta"\s*:\s*\{[^}]*"content"\s*:\s*"[^"]/;
// Generous for loopback; a request this slow means the target is broken, not slow.
const TIMEOUT_MS = 10_000;

function once(args, agent) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let ttfb = null;
    let ttft = null;
    let text = '';
    const req = http.request(args.url, {
      method: 'POST',
      agent,
      timeout: TIMEOUT_MS,
      headers: {
        'content-type': 'application/json',
        'content-length': args.body.length,
        authorization: 'Bearer sk-bench',
        ...args.headers,
      },
    }, (res) => {
      ttfb = process.hrtime.bigint() - start;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
        if (ttft === null && FIRST_TOKEN.test(text)) ttft = process.hrtime.bigint() - start;
      });
      res.on('end', () => {
        const ok = res.statusCode === 200 && ttft !== null && text.includes('data: [DONE]');
        resolve(ok ? { ttfb, ttft } : { error: `status ${res.statusCode}: ${text.slice(0, 200)}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end(args.body);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const args = parseArgs(process.argv.slice(2));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const ttfb = [];
const ttft = [];
let errors = 0;
let firstError = null;
for (let i = 0; i < args.warmup + args.count; i++) {
  const r = await once(args, agent);
  if (r.error) {
    errors++;
    firstError ??= r.error;
  } else if (i >= args.warmup) {
    ttfb.push(Number(r.ttfb) / 1000);
    ttft.push(Number(r.ttft) / 1000);
  }
}
agent.destroy();
ttfb.sort((a, b) => a - b);
ttft.sort((a, b) => a - b);
const round = (x) => (x === undefined ? null : Math.round(x));
console.log(JSON.stringify({
  n: ttft.length,
  errors,
  first_error: firstError,
  ttfb_p50_us: round(percentile(ttfb, 50)),
  ttft_p50_us: round(percentile(ttft, 50)),
  ttft_p90_us: round(percentile(ttft, 90)),
}));
