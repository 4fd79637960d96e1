/** Saves content the app produced as a file through the browser's download (Electron shows its save dialog). */
export function downloadFile(fileName: string, mime: string, content: string | Uint8Array<ArrayBuffer>): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([content], { type: mime }));
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
