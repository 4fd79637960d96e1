/** getNextPageParam for offset-paged list channels. */
export function nextOffset(last: { offset: number; rows: unknown[]; total: number }): number | undefined {
  return last.offset + last.rows.length < last.total ? last.offset + last.rows.length : undefined;
}
