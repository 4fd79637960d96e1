// core/ is compiled without DOM and without Node types (tsconfig.json here), so it cannot reach
// `window`, `document`, `Buffer` or `process`. These few globals are the exception: they exist with
// the same meaning in every place core runs (Node, Electron's renderer, the browser harness).
// Declare here only what core uses; see docs/ARCHITECTURE.md ("Layers").

declare function atob(data: string): string;
declare function btoa(data: string): string;

declare class URL {
  constructor(url: string, base?: string | URL);
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
}

declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | [string, string][]);
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  toString(): string;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
