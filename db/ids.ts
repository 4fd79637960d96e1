import { monotonicFactory } from 'ulid';

/**
 * Random values for ids from the system's secure generator, drawn a pool at a time: ulid asks for one
 * value per character, and a system call per character costs more than the rest of an id (an import
 * of thousands of records makes tens of thousands of ids). A byte / 256 picks each of ulid's 32
 * characters with equal chance (256 is a multiple of 32).
 */
const pool = new Uint8Array(4096);
let next = pool.length;
function pooledRandom(): number {
  if (next >= pool.length) {
    globalThis.crypto.getRandomValues(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

/** Sortable random ids (ULID), so records created on different machines merge without clashes. */
export const newId: () => string = monotonicFactory(pooledRandom);
