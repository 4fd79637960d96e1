import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '@core/csv';

describe('CSV cells a spreadsheet shows as text', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['\rreturn', `"'\rreturn"`],
    ['Plain name', 'Plain name'],
    ['a=b', 'a=b'],
    ["'=already", "''=already"],
    ["it's", "it's"],
  ])('%j becomes %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('quotes commas, quotes and line breaks; numbers and empty values stay as they are', () => {
    expect(csvCell('Shop, North')).toBe('"Shop, North"');
    expect(csvCell('The "best" shop')).toBe('"The ""best"" shop"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['id', '=x', null, 4])).toBe("id,'=x,,4");
  });
});

describe('CSV cells read back', () => {
  it.each(['=SUM(A1)', "'=already", "''+x", '\tindent', '\rreturn', "it's", "'quoted'", 'plain'])('%j comes back as it was', async (text) => {
    const { unNeutralise } = await import('@main/portfolio/header-row');
    const written = csvCell(text);
    const cell = written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written;
    expect(unNeutralise(cell)).toBe(text);
  });
});
