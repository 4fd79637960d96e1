/**
 * `npx tsx scripts/bench-secrets.ts`: how long the secret scanner (and a redaction) takes per MB of
 * hostile input of each shape, at 1 and 2 MB, so a pattern that grows faster than the input shows as a
 * rising "ms per MB". Prints figures; asserts nothing (tests/unit/secret-scanner.test.ts proves each
 * shape finishes).
 */
import { redactSecrets, scanForSecrets } from '@core/domain/secret-scanner';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const SHAPES: Record<string, string> = {
  'a.': 'a.',
  'ab-': 'ab-',
  'eyJaaaaaaaaaa.': 'eyJaaaaaaaaaa.',
  '%': '%',
  '%4': '%4',
  'base64-like': 'QUJDRGVmZ2hp',
  'wrapped base64-like': 'QUJDRGVmZ2hp\n',
  '&#': '&#',
  '\\u': '\\u',
  'one long word': 'abcdefghij',
  'long words': 'abcdefghij ',
  'a://': 'a://',
  'password ': 'password ',
  'key block openings': '-----BEGIN PRIVATE KEY-----\n',
  'a+': 'a+',
};

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function msPerMb(text: string, fn: (t: string) => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn(text);
    samples.push(performance.now() - t);
  }
  return median(samples) / (text.length / 1_000_000);
}

console.log('shape'.padEnd(22), 'scan 1 MB', 'scan 2 MB', 'redact 1 MB', '(median ms per MB)');
for (const [name, unit] of Object.entries(SHAPES)) {
  const at = (mb: number) => unit.repeat(Math.ceil((mb * 1_000_000) / unit.length));
  const row = [msPerMb(at(1), scanForSecrets), msPerMb(at(2), scanForSecrets), msPerMb(at(1), (t) => redactSecrets(t, '[x]'))].map((n) =>
    n.toFixed(0).padStart(9),
  );
  console.log(name.padEnd(22), ...row);
}
