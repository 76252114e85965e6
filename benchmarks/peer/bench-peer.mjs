// Times the peer (npm aws-local-stepfunctions) on one machine for the Statewright benchmarks.
//
//   node bench-peer.mjs DEFINITION.json INPUT.json EXPECTED.json SECONDS WARMUP_SECONDS CONCURRENCY
//
// Prints one JSON object: executions, seconds, statesPerExecution, p50/p99 latency (ms) and
// peak RSS (MiB). Refuses (exit 2) when the peer's output differs from EXPECTED.json.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { StateMachine } from 'aws-local-stepfunctions';

const [definitionFile, inputFile, expectedFile, secondsText, warmupText, concurrencyText] = process.argv.slice(2);
if (!concurrencyText) {
  console.error('usage: bench-peer.mjs DEFINITION INPUT EXPECTED SECONDS WARMUP_SECONDS CONCURRENCY');
  process.exit(1);
}
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const machine = new StateMachine(readJson(definitionFile));
const input = readJson(inputFile);
const expected = readJson(expectedFile);
const seconds = Number(secondsText);
const warmupSeconds = Number(warmupText);
const concurrency = Number(concurrencyText);

// VmHWM, not getrusage's maxRSS: a process started by a JVM inherits the JVM's maxRSS.
function peakRssMiB() {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.replace(/[^0-9]/g, '')) / 1024 : process.resourceUsage().maxRSS / 1024;
}

// A server would return to the event loop between requests; without it the peer's heap grows.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function statesEnteredBy(execution) {
  let entered = 0;
  for await (const event of execution.eventLogs) if (event.type === 'StateEntered') entered++;
  return entered;
}

// One checked execution first: its output must be the expected one, and it gives the state count.
const first = machine.run(input);
const counting = statesEnteredBy(first);
const output = await first.result;
const statesPerExecution = await counting;
if (!isDeepStrictEqual(output, expected)) {
  console.log(JSON.stringify({ error: 'output differs from the expected output', output }));
  process.exit(2);
}

async function runFor(durationMs, latencies) {
  const deadline = performance.now() + durationMs;
  let executions = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await machine.run(input).result;
      if (latencies) latencies.push(performance.now() - started);
      executions++;
      await nextTurn();
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  return { executions, elapsed: (performance.now() - began) / 1000 };
}

await runFor(warmupSeconds * 1000, null);
const latencies = [];
const { executions, elapsed } = await runFor(seconds * 1000, latencies);
latencies.sort((a, b) => a - b);
const percentile = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
console.log(JSON.stringify({
  peer: 'aws-local-stepfunctions 3.0.0',
  node: process.version,
  executions,
  seconds: elapsed,
  statesPerExecution,
  p50Ms: percentile(0.5),
  p99Ms: percentile(0.99),
  peakRssMiB: peakRssMiB(),
}));
