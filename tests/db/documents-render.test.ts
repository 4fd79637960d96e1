/**
 * The three renderers on hand-built document models: Markdown escaping (only where Markdown needs
 * it, never an HTML entity), the document control block, the cover and contents, the sign-off block,
 * the draft wording, and the PDF's page layout (no broken words, no split rows, keep-with-next).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, DocSection, DocumentModel } from '@core/documents/model';
import { renderHtml } from '@main/documents/html';
import { escapeInline, escapeLine, renderMarkdown } from '@main/documents/markdown';
import { renderPdf } from '@main/documents/pdf';
import { PRINTABLE_NAMES } from '../fixtures/hostile-strings';
import { tempDir } from './helpers';

function model(p: Partial<DocumentModel> = {}): DocumentModel {
  return {
    kind: 'rollback_plan',
    title: 'Rollback plan: Northwind Shop',
    siteName: 'Northwind Shop',
    clientName: 'Northwind Traders',
    agencyName: 'Brightpath Agency',
    footer: 'Brightpath Agency · Confidential for Northwind Traders',
    logo: null,
    generatedAt: '2026-11-26T10:00:00.000Z',
    draft: false,
    missing: [],
    cover: false,
    control: { owner: 'Ann Lee', version: 3, versionLabel: 'Version 3', lastReviewed: '2026-10-01', nextReview: '2027-01-01' },
    signOff: null,
    sections: [{ id: 'intro', title: 'Introduction', blocks: [{ type: 'paragraph', text: 'Version 2.4.1 is known good.' }] }],
    ...p,
  };
}

const section = (id: string, title: string, ...blocks: Block[]): DocSection => ({ id, title, blocks });
const SIGN_OFF = {
  statement: 'By signing, the client confirms they received this plan.',
  parties: [
    { role: 'Client administrator', name: 'Priya Shah' },
    { role: 'Client decision maker', name: null },
  ],
};

function pdfFile(bytes: Buffer): string {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return file;
}
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
const pageText = (file: string, page: number, layout = false) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
const pages = (file: string) => Array.from({ length: pageCount(file) }, (_x, i) => pageText(file, i + 1));

/** What a CommonMark reader makes of inline text: a backslash before ASCII punctuation is dropped. */
const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** An HTML entity a Markdown reader would decode (one behind a backslash is text). */
const ENTITY = /(?<!\\)&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

describe('Markdown: readable raw, escaped only where Markdown needs it', () => {
  it('prints versions, ampersands and markup literally, with backslashes and never an HTML entity', () => {
    const md = renderMarkdown(
      model({
        sections: [
          section('restore', 'Rollback & restore', { type: 'paragraph', text: 'Revert to 2.4.1 & check <b>bold</b> and &amp; as typed.' }),
          section('t', 'Table', { type: 'table', columns: ['Key <i>', 'A | B'], rows: [['2.4.1 & <b>', 'a|b snake_case *x*']] }),
        ],
      }),
    );
    expect(md).toContain('## Rollback & restore\n');
    expect(md).toContain('Revert to 2.4.1 & check \\<b>bold\\</b> and \\&amp; as typed.');
    expect(md).toContain('| Key \\<i> | A \\| B |');
    expect(md).toContain('| 2.4.1 & \\<b> | a\\|b snake_case \\*x\\* |');
    expect(md).not.toContain('2\\.4');
    expect(md).not.toMatch(ENTITY);
    expect(md).not.toMatch(/<br>/);
  });

  it('escapes at the start of a line only what would start a block', () => {
    const cases: [string, string][] = [
      ['# heading', '\\# heading'],
      ['#hashtag', '#hashtag'],
      ['> quote', '\\> quote'],
      ['- item', '\\- item'],
      ['-5 degrees', '-5 degrees'],
      ['+ item', '\\+ item'],
      ['* item', '\\* item'],
      ['1. item', '1\\. item'],
      ['1) item', '1\\) item'],
      ['2.4.1 is the version', '2.4.1 is the version'],
      ['```', '\\`\\`\\`'],
      ['~~~ fence', '\\~\\~\\~ fence'],
      ['Restore takes ~2 to ~4 hours', 'Restore takes \\~2 to \\~4 hours'],
      ['===', '\\==='],
      ['---', '\\---'],
      ['--- | ---', '\\--- | ---'],
      ['    four spaces', 'four spaces'],
      ['<div>', '\\<div>'],
      ['[ref]: http://x', '\\[ref\\]: http://x'],
      ['C:\\Users\\ann', 'C:\\Users\\ann'],
      ['ends with \\', 'ends with \\\\'],
      ['a_b _c_', 'a_b \\_c\\_'],
    ];
    for (const [input, expected] of cases) expect(escapeLine(input), input).toBe(expected);
    const md = renderMarkdown(model({ sections: [section('s', 'S', { type: 'paragraph', text: cases.map(([i]) => i).join('\n') })] }));
    expect(md).toContain(cases.map(([, e]) => e).join('  \n'));
  });

  it('hostile strings read back exactly as typed', () => {
    const hostile = [
      ...PRINTABLE_NAMES,
      '&amp; &#60; &copy;',
      'a \\* b',
      '| pipe |',
      '<https://x.test>',
      '![img](x)',
      '**bold** __b__',
      'Restore takes ~2 to ~4 hours',
      '~~struck~~ a\\~b',
    ];
    for (const text of hostile) {
      expect(unescape(escapeLine(text)), text).toBe(text);
      expect(unescape(escapeInline(text, { cell: true })), text).toBe(text);
      expect(escapeLine(text), text).not.toMatch(ENTITY);
      // Nothing a Markdown reader would take for markup is left unescaped.
      expect(escapeLine(text), text).not.toMatch(/(?<!\\)[<`*[\]~]|(?<!\\)&[a-z#0-9]+;/i);
    }
    const md = renderMarkdown(model({ title: hostile[12]!, sections: hostile.map((h, i) => section(`s${i}`, h, { type: 'paragraph', text: h })) }));
    expect(md.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);
    expect(md).not.toMatch(ENTITY);
  });

  it('a line break inside a table cell or a field splits the row instead of printing HTML', () => {
    const md = renderMarkdown(
      model({
        sections: [
          section(
            's',
            'S',
            { type: 'fields', rows: [['Steps', 'First\nSecond']] },
            { type: 'table', columns: ['When', 'What'], rows: [['Now\nLater', 'One']] },
          ),
        ],
      }),
    );
    expect(md).toContain('| **Steps** | First |\n|  | Second |');
    expect(md).toContain('| Now | One |\n| Later |  |');
    expect(md).not.toContain('<br>');
  });

  it('opens with the document control block, and a long document with contents linking to the headings', () => {
    const md = renderMarkdown(
      model({
        cover: true,
        signOff: SIGN_OFF,
        sections: [
          section('a', 'Rollback & restore', { type: 'paragraph', text: 'x' }),
          section('b', 'Contacts (24/7)', { type: 'paragraph', text: 'y' }),
          section('c', 'Contacts', { type: 'paragraph', text: 'z' }),
        ],
      }),
    );
    expect(md).toContain(
      [
        '| Document control | |',
        '| --- | --- |',
        '| Owner | Ann Lee |',
        '| Version | Version 3 |',
        '| Last reviewed | 2026-10-01 |',
        '| Next review | 2027-01-01 |',
        '| Generated | 2026-11-26 10:00 UTC |',
      ].join('\n'),
    );
    expect(md).toContain(
      [
        '## Contents',
        '',
        '1. [Rollback & restore](#rollback--restore)',
        '2. [Contacts (24/7)](#contacts-247)',
        '3. [Contacts](#contacts)',
        '4. [Sign-off](#sign-off)',
      ].join('\n'),
    );
    expect(renderMarkdown(model())).not.toContain('## Contents');
  });

  it('ends with the sign-off block: the statement, then each party with name, signature and date lines', () => {
    const md = renderMarkdown(model({ signOff: SIGN_OFF }));
    expect(md).toContain(
      [
        '## Sign-off',
        '',
        'By signing, the client confirms they received this plan.',
        '',
        '**Client administrator**  \nName: Priya Shah  \nSignature: ______________________  \nDate: ______________________',
        '',
        '**Client decision maker**  \nName: ______________________  \nSignature: ______________________  \nDate: ______________________',
      ].join('\n'),
    );
    expect(md.indexOf('## Sign-off')).toBeGreaterThan(md.indexOf('## Introduction'));
  });
});

describe('draft wording and the footer, in every format', () => {
  it('a draft with nothing missing says only that it is a draft; one with missing parts lists them', async () => {
    const complete = model({ draft: true, cover: true });
    const incomplete = model({ draft: true, missing: [{ part: 'Date of the last backup', fix: 'Documents tab → Runbook: last backup.' }] });
    expect(renderMarkdown(complete).startsWith('> **DRAFT**: not yet given to the client.\n')).toBe(true);
    expect(renderHtml(complete)).toContain('<strong>DRAFT</strong>: not yet given to the client.');
    const first = pdfFile(await renderPdf(complete));
    expect(pageText(first, 1)).toContain('not yet given to the client.');
    for (const text of [renderMarkdown(complete), renderHtml(complete), pages(first).join('\n')]) expect(text).not.toContain('not yet complete');

    const md = renderMarkdown(incomplete);
    expect(md).toContain('> **DRAFT**: not yet complete: one part is missing (listed below). Do not give it to the client yet.');
    expect(md).toContain('## Missing from this document\n\n- Date of the last backup: Documents tab → Runbook: last backup.');
    expect(renderHtml(incomplete)).toContain('<li><strong>Date of the last backup</strong>: Documents tab → Runbook: last backup.</li>');
    expect(pageText(pdfFile(await renderPdf(incomplete)), 1)).toContain('not yet complete');
    // On a cover, the notice says where the missing parts are listed.
    const covered = pdfFile(await renderPdf({ ...incomplete, cover: true }));
    expect(pageText(covered, 1).replace(/\s+/g, ' ')).toContain('not yet complete: one part is missing, listed under “Missing from this document” on page 3.');
    expect(pageText(covered, 3)).toContain('Date of the last backup');
  });

  it('the footer prints as given, on every PDF page, at the end of the Markdown, and on every printed HTML page', async () => {
    const footer = 'Northwind Traders · Confidential </style><script>x</script> "quoted"';
    const m = model({
      footer,
      cover: true,
      sections: Array.from({ length: 6 }, (_x, i) => section(`s${i}`, `Section ${i}`, { type: 'paragraph', text: 'Words. '.repeat(300) })),
    });
    const file = pdfFile(await renderPdf(m));
    const all = pages(file);
    expect(all.length).toBeGreaterThan(3);
    for (const [i, text] of all.entries()) {
      expect(text, `page ${i + 1}`).toContain('Northwind Traders · Confidential');
      expect(text).toContain(`Page ${i + 1} of ${all.length}`);
    }
    expect(renderMarkdown(m)).toContain('---\n\nNorthwind Traders · Confidential \\</style>\\<script>x\\</script> "quoted"\n');
    const html = renderHtml(m);
    expect(html).toContain(
      '@page { @bottom-left { content: "Northwind Traders · Confidential \\3c /style\\3e \\3c script\\3e x\\3c /script\\3e  \\22 quoted\\22 "',
    );
    expect(html).not.toContain('<script>');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });
});

describe('HTML: document control, cover, contents and sign-off', () => {
  it('has the control table, a cover and a contents list linking to each section, and the sign-off at the end', () => {
    const html = renderHtml(
      model({
        cover: true,
        signOff: SIGN_OFF,
        sections: [section('when', 'When to roll back', { type: 'paragraph', text: 'x' }), section('when', 'Again', { type: 'paragraph', text: 'y' })],
      }),
    );
    expect(html).toContain('<table class="control" aria-label="Document control"><tbody><tr><th scope="row">Owner</th><td>Ann Lee</td></tr>');
    expect(html).toContain('<tr><th scope="row">Generated</th><td>2026-11-26 10:00 UTC</td></tr>');
    expect(html).toContain('<section class="cover" aria-label="Cover">');
    expect(html).toContain('<dt>Version</dt><dd>Version 3</dd>');
    const links = [...html.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['when', 'When to roll back'],
      ['when-2', 'Again'],
      ['sign-off', 'Sign-off'],
    ]);
    for (const [id] of links) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(
      /<section class="sign-off" id="sign-off"><h2>Sign-off<\/h2><p>By signing.*<\/p><div class="party"><p class="role">Client administrator<\/p>/,
    );
    expect(html).toContain('<p class="line"><span>Name:</span><span>Priya Shah</span></p>');
    expect(renderHtml(model())).not.toContain('class="cover"');
  });
});

describe('PDF: cover, contents, control block and sign-off', () => {
  it('a long document opens with a cover and a contents page whose page numbers are right, with bookmarks', async () => {
    const sections = Array.from({ length: 7 }, (_x, i) =>
      section(`s${i}`, `Part ${i + 1} heading`, { type: 'paragraph', text: `Body ${i + 1}. ${'Filler words here. '.repeat(120 * (i % 3))}` }),
    );
    const m = model({
      draft: true,
      cover: true,
      control: { ...model().control, version: null, versionLabel: 'Draft of version 3' },
      signOff: SIGN_OFF,
      sections,
    });
    const bytes = await renderPdf(m);
    const file = pdfFile(bytes);
    const cover = pageText(file, 1);
    for (const expected of [
      'Brightpath Agency',
      'Rollback plan: Northwind Shop',
      'Northwind Shop',
      'Northwind Traders',
      'Draft of version 3',
      '2026-11-26',
      'DRAFT',
    ])
      expect(cover).toContain(expected);
    const contents = pageText(file, 2, true);
    expect(contents).toContain('Contents');
    const listed = [...sections.map((s) => s.title), 'Sign-off'].map((title) => {
      const line = contents.split('\n').find((l) => l.includes(title))!;
      return { title, page: Number(/(\d+)\s*$/.exec(line)![1]) };
    });
    expect(listed[0]!.page).toBe(3);
    for (const { title, page } of listed) expect(pageText(file, page), title).toContain(title);
    // Bookmarks (the PDF outline) and links from the contents to each section.
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/Outlines');
    expect(raw.match(/\/S \/GoTo/g)!.length).toBeGreaterThanOrEqual(2 * listed.length);
  });

  it('the control block is on the first page of the body', async () => {
    const text = pageText(pdfFile(await renderPdf(model())), 1);
    for (const expected of [
      'Owner',
      'Version',
      'Last reviewed',
      'Next review',
      'Generated',
      'Ann Lee',
      'Version 3',
      '2026-10-01',
      '2027-01-01',
      '2026-11-26 10:00 UTC',
    ])
      expect(text).toContain(expected);
  });

  it('the sign-off block stays together on one page', async () => {
    const filler = section('f', 'Filler', { type: 'paragraph', text: 'Words to fill the page. '.repeat(230) });
    const file = pdfFile(await renderPdf(model({ signOff: SIGN_OFF, sections: [filler] })));
    const all = pages(file);
    const at = all.findIndex((t) => t.includes('Sign-off'));
    expect(at).toBeGreaterThan(0);
    for (const expected of ['By signing', 'Client administrator', 'Priya Shah', 'Client decision maker']) expect(all[at]).toContain(expected);
    expect(all[at]!.match(/Signature:/g)).toHaveLength(2);
    expect(all[at]!.match(/Date:/g)).toHaveLength(2);
  });
});

describe('PDF: tables and fields', () => {
  it('never breaks a word: columns fit their longest word, and only a token wider than its column breaks, after / . @ -', async () => {
    const url = 'https://backups.example-storage.test/northwind/shop/daily/latest-full-archive-of-the-database.tar.gz';
    const rows = [
      ['Configuration', 'Settings, cron, firewall and outbound HTTPS', 'Ann Lee', 'Mon–Fri'],
      ['Infrastructure', 'Hosting-panel access held by the client’s administrator', 'Priya', 'Always'],
      ['Documentation', url, 'Bob', 'Weekdays'],
    ];
    const m = model({
      sections: [
        section(
          't',
          'Support path',
          { type: 'table', columns: ['Problem', 'For example', 'Contact', 'Hours'], rows },
          { type: 'fields', rows: [['Responsibilities', url]] },
        ),
      ],
    });
    const text = pageText(pdfFile(await renderPdf(m)), 1);
    const words = new Set(text.split(/\s+/));
    for (const word of [
      'Configuration',
      'Infrastructure',
      'Documentation',
      'Responsibilities',
      'Hosting-panel',
      'administrator',
      'Settings,',
      'firewall',
      'outbound',
      'Weekdays',
    ])
      expect(words.has(word), word).toBe(true);
    // A URL wider than its column: whole once the line breaks are taken out, each break after a separator.
    const layout = pageText(pdfFile(await renderPdf(model({ sections: [section('f', 'Backups', { type: 'fields', rows: [['Where', url]] })] }))), 1, true);
    const printed = layout
      .split('\n')
      .map((l) => l.replace(/^\s*(Where)?\s*/, '').trim())
      .filter((l) => /^https:|^[a-z/.-]+$/.test(l) && !l.startsWith('Page'));
    expect(printed.length).toBeGreaterThan(1);
    expect(printed.join('')).toBe(url);
    for (const piece of printed.slice(0, -1)) expect(piece, piece).toMatch(/[/.@\-_]$/);
  });

  it('a row never splits across pages and the column headings repeat; a short block moves to the next page whole', async () => {
    const rows = Array.from({ length: 60 }, (_x, i) => [`Row ${i + 1} starts`, `Line one of ${i + 1}\nLine two\nRow ${i + 1} ends`]);
    const file = pdfFile(
      await renderPdf(model({ sections: [section('t', 'Checks', { type: 'table', columns: ['Check heading', 'Expected heading'], rows })] })),
    );
    const all = pages(file);
    expect(all.length).toBeGreaterThan(2);
    for (let i = 1; i <= 60; i++) {
      const page = all.findIndex((t) => t.includes(`Row ${i} starts`));
      expect(all[page], `row ${i}`).toContain(`Row ${i} ends`);
    }
    for (const text of all.filter((t) => /Row \d+ starts/.test(t))) expect(text).toContain('Check heading');

    // Six contacts after a page of text: where only a few would fit, the whole block moves on.
    const filler = section('f', 'Filler', { type: 'paragraph', text: 'Words to fill the page. '.repeat(260) });
    const contacts = section('c', 'Contacts', {
      type: 'fields',
      rows: Array.from({ length: 6 }, (_x, i): [string, string] => [`Contact ${i + 1}`, `Person ${i + 1}, person${i + 1}@agency.test, +44 20 7946 000${i}`]),
    });
    const blocks = pages(pdfFile(await renderPdf(model({ sections: [filler, contacts] }))));
    const at = blocks.findIndex((t) => t.includes('Contact 1'));
    for (let i = 1; i <= 6; i++) expect(blocks[at], `contact ${i}`).toContain(`Person ${i},`);
    // The heading goes with its block.
    expect(blocks[at]).toContain('Contacts');
  });

  it('a heading never ends a page alone', async () => {
    // Fill the page to just above its bottom with a list, then a heading and a paragraph.
    for (const count of [38, 39, 40, 41, 42]) {
      const list = section('l', 'List', { type: 'list', items: Array.from({ length: count }, (_x, i) => `Item ${i + 1}`) });
      const next = section('n', 'Next heading', { type: 'paragraph', text: 'First words of the next section. '.repeat(8) });
      const all = pages(pdfFile(await renderPdf(model({ sections: [list, next] }))));
      const at = all.findIndex((t) => t.includes('Next heading'));
      expect(all[at], `${count} items`).toContain('First words of the next section.');
    }
  });

  it('a short lead-in paragraph stays with the table it introduces', async () => {
    for (const count of [36, 38, 40, 42]) {
      const list = section('l', 'List', { type: 'list', items: Array.from({ length: count }, (_x, i) => `Item ${i + 1}`) });
      const vendors = section(
        'v',
        'Vendors',
        { type: 'paragraph', text: 'Intro to the vendors.' },
        { type: 'paragraph', text: 'Host support: Kinsta support' },
        { type: 'fields', rows: Array.from({ length: 5 }, (_x, i): [string, string] => [`Field ${i + 1}`, `Value ${i + 1}`]) },
      );
      const all = pages(pdfFile(await renderPdf(model({ sections: [list, vendors] }))));
      const at = all.findIndex((t) => t.includes('Host support: Kinsta support'));
      expect(all[at], `${count} items`).toContain('Value 1');
      expect(all[at], `${count} items`).toContain('Value 5');
    }
  });
});

describe('PDF: blocks taller than a page', () => {
  const FOOTER = 'Brightpath Agency · Confidential for Northwind Traders';
  /** A page's text without the footer and page number. */
  const bodyOf = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && l !== FOOTER && !/^Page \d+ of \d+$/.test(l));
  /** The words printed below the body (where the footer is), per page: only the footer and the page number. */
  function belowBody(file: string, page: number): string[] {
    const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
    const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(xml)![1]);
    // The body ends 66 points above the page's bottom edge (the bottom margin).
    return [...xml.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .filter(([, yMax]) => Number(yMax) > height - 66 + 2)
      .map(([, , word]) => word!.replace(/&amp;/g, '&'));
  }
  function expectFooterAlone(file: string) {
    const count = pageCount(file);
    for (let p = 1; p <= count; p++)
      expect(belowBody(file, p).sort(), `page ${p}`).toEqual([...FOOTER.split(' '), 'Page', String(p), 'of', String(count)].sort());
  }
  const filler = section(
    'f',
    'Filler',
    ...Array.from({ length: 8 }, (_x, i): Block => ({ type: 'paragraph', text: `Filler paragraph ${i + 1}. `.repeat(12) })),
  );

  it('a note taller than a page starts under its heading and lead-in, is split across pages, and what follows comes right after it', async () => {
    // A failed rehearsal's long notes inside a warning: 150 short lines.
    const note = Array.from({ length: 150 }, (_x, i) => `Rehearsal line ${i + 1}: archive part ${i + 1} failed`).join('\n');
    const m = model({
      sections: [
        filler,
        section(
          'r',
          'Rehearsals',
          { type: 'paragraph', text: 'The last rehearsal failed.' },
          { type: 'note', tone: 'warning', text: note },
          { type: 'paragraph', text: 'After the note comes this paragraph.' },
        ),
        section('n', 'Next section', { type: 'paragraph', text: 'Next text.' }),
      ],
    });
    const file = pdfFile(await renderPdf(m));
    const all = pages(file);
    // 150 lines of 11.4 points need about 2.4 pages: with the filler, four pages (not six).
    expect(all).toHaveLength(4);
    const at = all.findIndex((t) => t.includes('Rehearsals'));
    expect(all[at]).toContain('The last rehearsal failed.');
    expect(all[at]).toContain('Warning: Rehearsal line 1: archive part 1 failed');
    // Every line once, in order, and each page after the first one of the note continues it.
    const lines = all.flatMap((t) => bodyOf(t).filter((l) => /Rehearsal line \d+:/.test(l)));
    expect(lines.map((l) => Number(/Rehearsal line (\d+):/.exec(l)![1]))).toEqual(Array.from({ length: 150 }, (_x, i) => i + 1));
    for (let p = at + 1; p < all.length; p++) expect(bodyOf(all[p]!)[0], `page ${p + 1}`).toMatch(/^Rehearsal line \d+:/);
    const end = all.findIndex((t) => t.includes('Rehearsal line 150:'));
    expect(all[end]).toContain('After the note comes this paragraph.');
    expect(all[end]).toContain('Next section');
    expectFooterAlone(file);
  });

  it('a table row taller than a page is split under repeated headings; no page holds only a heading or the column headings', async () => {
    const cell = Array.from({ length: 120 }, (_x, i) => `Cell line ${i + 1} with words`).join('\n');
    const m = model({
      sections: [
        filler,
        section(
          't',
          'Vendors',
          {
            type: 'table',
            columns: ['Vendor', 'Contact', 'Notes'],
            rows: [
              ['Kinsta', 'support@kinsta.test', 'Short note'],
              ['Host', 'host@x.test', cell],
              ['Last row', 'last@x.test', 'The end'],
            ],
          },
          { type: 'paragraph', text: 'After the table comes this paragraph.' },
        ),
      ],
    });
    const file = pdfFile(await renderPdf(m));
    const all = pages(file);
    expect(all).toHaveLength(3);
    const at = all.findIndex((t) => t.includes('Vendors'));
    for (const text of ['Kinsta', 'Host', 'Cell line 1 with words']) expect(all[at]).toContain(text);
    const lines = all.flatMap((t) => bodyOf(t).filter((l) => /^Cell line \d+ /.test(l)));
    expect(lines.map((l) => Number(/^Cell line (\d+) /.exec(l)![1]))).toEqual(Array.from({ length: 120 }, (_x, i) => i + 1));
    for (const [p, text] of all.entries()) {
      const body = bodyOf(text);
      if (body.includes('Vendor'))
        expect(
          body.some((l) => /^Cell line|^Kinsta|^Last row/.test(l)),
          `page ${p + 1}`,
        ).toBe(true);
      expect(body.length, `page ${p + 1}`).toBeGreaterThan(3);
    }
    expect(all[2]).toContain('Last row');
    expect(all[2]).toContain('After the table comes this paragraph.');
    expectFooterAlone(file);
  });

  it('a row of 40 lines of 1000 characters fills its pages instead of one page per jump', async () => {
    const huge = Array.from({ length: 40 }, (_x, i) => `Line ${i + 1} ${'lorem ipsum dolor sit amet '.repeat(37)}`).join('\n');
    const m = model({
      sections: [
        section('t', 'Huge', { type: 'table', columns: ['Key', 'Value'], rows: [['one', huge]] }),
        section('n', 'Next section', { type: 'paragraph', text: 'Next text.' }),
      ],
    });
    const file = pdfFile(await renderPdf(m));
    const all = pages(file);
    // About 400 lines of 10.2 points: seven pages (it was 29).
    expect(all.length).toBeLessThanOrEqual(7);
    expect(all[0]).toContain('Line 1 lorem');
    for (const [p, text] of all.entries()) expect(bodyOf(text).length, `page ${p + 1}`).toBeGreaterThan(20);
    const starts = all.flatMap((t) => bodyOf(t).filter((l) => /^Line \d+ lorem/.test(l)));
    expect(starts.map((l) => Number(/^Line (\d+) /.exec(l)![1]))).toEqual(Array.from({ length: 40 }, (_x, i) => i + 1));
    expect(all.at(-1)).toContain('Line 40 lorem');
    expect(all.at(-1)).toContain('Next section');
    expectFooterAlone(file);
  });

  it('a field taller than a page is split, its label on the first part; a long missing list continues in a box on the next page', async () => {
    const cell = Array.from({ length: 120 }, (_x, i) => `Cell line ${i + 1} with words`).join('\n');
    const m = model({
      sections: [
        filler,
        section('f2', 'Facts', {
          type: 'fields',
          rows: [
            ['Owner', 'Ann'],
            ['Notes', cell],
            ['End', 'Last field'],
          ],
        }),
      ],
    });
    const file = pdfFile(await renderPdf(m));
    const all = pages(file);
    expect(all).toHaveLength(3);
    const at = all.findIndex((t) => t.includes('Facts'));
    for (const text of ['Owner', 'Notes', 'Cell line 1 with words']) expect(all[at]).toContain(text);
    expect(all[2]).toContain('Cell line 120 with words');
    expect(all[2]).toContain('Last field');
    expectFooterAlone(file);

    const missing = model({
      draft: true,
      missing: Array.from({ length: 80 }, (_x, i) => ({ part: `Fact ${i + 1}`, fix: 'Record it in the runbook before handing over.' })),
      sections: [section('n', 'After the list', { type: 'paragraph', text: 'Next text.' })],
    });
    const list = pdfFile(await renderPdf(missing));
    const listPages = pages(list);
    expect(listPages).toHaveLength(2);
    expect(listPages[1]).toContain('Fact 80:');
    expect(listPages[1]).toContain('After the list');
    const facts = listPages.flatMap((t) => bodyOf(t).filter((l) => /^• Fact \d+:/.test(l)));
    expect(facts).toHaveLength(80);
    expectFooterAlone(list);
  });
});
