// The slow mock upstream of bench/chaos.sh: an OpenAI chat-completions endpoint that answers
// correctly, but only after a delay drawn uniformly from [--min-ms, --max-ms] per request.
//
//   POST /v1/chat/completions          -> 200, the precomputed completion (application/json)
//   POST /stream/v1/chat/completions   -> 200, the precomputed event stream (text/event-stream)
//
// The same bytes the nginx mock returns (bench/src/main/resources/payloads/), with the same split
// of streaming onto its own path. The delay is before the status line, so for a stream it is also
// the time to first token. Any other path gets a 404 at once.
//
// Why Node and not nginx like the fast mocks: the nginx build run.sh installs has no module that
// can wait before answering (echo, njs, perl), and limit_rate/limit_req only approximate a delay,
// depending on load. A timer is exact, and the slow deployment sees little traffic (at most
// concurrency / 0.2 s), so Node's cost per request does not matter here.
//
// Usage: node slow-mock.mjs --port N --payloads DIR [--min-ms 200] [--max-ms 300]

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

const args = { minMs: 200, maxMs: 300 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  if (value === undefined) throw new Error(`missing value for ${flag}`);
  switch (flag) {
    case '--port': args.port = Number.parseInt(value, 10); break;
    case '--payloads': args.payloads = value; break;
    case '--min-ms': args.minMs = Number.parseInt(value, 10); break;
    case '--max-ms': args.maxMs = Number.parseInt(value, 10); break;
    default: throw new Error(`unknown flag ${flag}`);
  }
}
if (!(args.port > 0) || !args.payloads) throw new Error('--port and --payloads are required');
if (!(args.minMs >= 0 && args.maxMs >= args.minMs)) throw new Error('need 0 <= --min-ms <= --max-ms');

const answers = {
  '/v1/chat/completions': {
    type: 'application/json',
    body: readFileSync(join(args.payloads, 'chat-completion.json')),
  },
  '/stream/v1/chat/completions': {
    type: 'text/event-stream',
    body: readFileSync(join(args.payloads, 'chat-completion-chunks.sse')),
  },
};

const server = http.createServer((req, res) => {
  const answer = answers[req.url];
  if (!answer) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  req.resume(); // the request body is not needed, only consumed
  req.on('end', () => {
    const delay = args.minMs + Math.random() * (args.maxMs - args.minMs);
    setTimeout(() => {
      res.writeHead(200, {
        'content-type': answer.type,
        'content-length': answer.body.length,
        'cache-control': 'no-cache',
      });
      res.end(answer.body);
    }, delay);
  });
});
// Like the nginx mock's keepalive_timeout 300s: a pooled gateway connection must not be closed
// under it between two requests (Node's default is 5 s), which would count as an upstream failure.
server.keepAliveTimeout = 300_000;
server.headersTimeout = 301_000;
server.requestTimeout = 0;
server.listen(args.port, '127.0.0.1', () => {
  console.log(`slow mock on 127.0.0.1:${args.port}, ${args.minMs}-${args.maxMs} ms`);
});
