import { monotonicFactory } from 'ulid';

/** Sortable random ids (ULID), so records created on different machines merge without clashes. */
export const newId: () => string = monotonicFactory();
