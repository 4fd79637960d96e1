/**
 * `/` focuses the page's own search: the field marked `data-page-search`, or else the first visible
 * field in the page whose label, name or placeholder starts with "Search".
 */
export function focusPageSearch(): boolean {
  const main = document.querySelector('main') ?? document.body;
  const marked = main.querySelector<HTMLInputElement>('input[data-page-search]');
  const fields = marked ? [marked] : Array.from(main.querySelectorAll<HTMLInputElement>('input:not([type="hidden"]):not([disabled])'));
  const field = fields.find((f) => {
    if (f.getClientRects().length === 0) return false;
    if (marked) return true;
    const names = [f.getAttribute('aria-label'), ...Array.from(f.labels ?? []).map((l) => l.textContent), f.placeholder];
    return names.some((n) => /^\s*search\b/i.test(n ?? ''));
  });
  if (!field) return false;
  field.focus();
  field.select();
  return true;
}
