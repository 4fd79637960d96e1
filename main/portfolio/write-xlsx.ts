/**
 * A portfolio export table as an XLSX workbook (exceljs). Kept apart from write.ts so exceljs is
 * loaded by the first XLSX export, not by every program that starts.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnWidths, type ExportTable } from './write';

/** A worksheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

/**
 * The table as an XLSX workbook of one sheet, written with exceljs's streaming writer (each row is
 * serialised as it is added, so ten thousand rows stay quick). The header row is bold, frozen and has
 * an autofilter. Strings go to the shared strings table (cells of type "s"), the plain text cell type.
 */
export async function xlsxBytes(table: ExportTable, at: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Rollout Workbench';
  workbook.created = at;
  workbook.modified = at;
  const sheet = workbook.addWorksheet(sheetName(table.sheet), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = columnWidths(table).map((width) => ({ width }));
  const columns = table.headers.length;
  if (columns > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } };
  const header = sheet.addRow([...table.headers]);
  header.font = { bold: true };
  header.commit();
  for (const cells of table.rows) {
    // Empty cells stay empty (null), never the text "null"; nothing becomes a formula object.
    sheet.addRow(cells.map((c) => (c === null || c === undefined ? null : c))).commit();
  }
  sheet.commit();
  // The zip ends the stream it is piped into once the workbook is complete.
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
