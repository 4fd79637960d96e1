/**
 * Release notes reach the page as plain text whatever the release holds: HTML from a GitHub release
 * body (scripts and styles dropped with their content, entities decoded, lists as "- ", paragraphs
 * kept), Markdown, a note per skipped version, and a huge body capped.
 */
import { describe, expect, it } from 'vitest';
import { plainLine, RELEASE_NOTES_MAX_CHARS, releaseNotesText } from '@main/updates/release-notes';

describe('release notes as text', () => {
  it('turns a GitHub release body into paragraphs and a list, with no markup left', () => {
    const html =
      '<h2>What&#39;s new</h2>\n<p>Exports are <strong>faster</strong> &amp; smaller.</p><ul><li>Bulk export of 4,000 documents</li><li>Imports keep &lt;notes&gt;</li></ul><p>Thanks&nbsp;all &#x2764;</p>';
    expect(releaseNotesText(html)).toBe(
      "What's new\n\nExports are faster & smaller.\n\n- Bulk export of 4,000 documents\n- Imports keep <notes>\n\nThanks all ❤",
    );
  });

  it('drops scripts, styles, comments and event handlers with their content', () => {
    const html =
      '<p onclick="alert(1)">Fixed</p><script>alert("x")</script><style>p{color:red}</style><!-- hidden --><img src=x onerror=alert(1)><iframe src="https://evil.test">frame text</iframe>';
    const text = releaseNotesText(html);
    expect(text).toBe('Fixed');
    expect(text).not.toMatch(/alert|color|hidden|onerror|evil|frame text|</);
  });

  it('an entity never becomes markup, a control character or a broken code point', () => {
    expect(releaseNotesText('<p>&lt;script&gt;x&lt;/script&gt; &#0; &#xD800; &#1114112; &bogus; &#27;</p>')).toBe('<script>x</script> &bogus;');
  });

  it('Markdown: bullets as "- ", headings and emphasis as plain words, links as their text', () => {
    const md = '## Changes\r\n\r\n* **Faster** exports\r\n+ `bulk` edits\r\n- See [the guide](https://example.com/guide)\r\n\r\n\r\n\r\nThat is all.';
    expect(releaseNotesText(md)).toBe('Changes\n\n- Faster exports\n- bulk edits\n- See the guide\n\nThat is all.');
  });

  it('a note per skipped version, each under its version; empty ones left out', () => {
    expect(
      releaseNotesText([
        { version: '1.2.0', note: '<p>Second</p>' },
        { version: '1.1.5', note: null },
        { version: '1.1.0', note: 'First' },
      ]),
    ).toBe('1.2.0\nSecond\n\n1.1.0\nFirst');
  });

  it('no notes, or notes with nothing visible, are null', () => {
    expect(releaseNotesText(null)).toBeNull();
    expect(releaseNotesText(undefined)).toBeNull();
    expect(releaseNotesText('<p> </p><script>x</script>')).toBeNull();
    expect(releaseNotesText([])).toBeNull();
  });

  it('a huge body is capped at a word, ending with an ellipsis', () => {
    const huge = `<p>${'lorem ipsum '.repeat(50_000)}</p>`;
    const text = releaseNotesText(huge)!;
    expect(text.length).toBeLessThanOrEqual(RELEASE_NOTES_MAX_CHARS);
    expect(text.length).toBeGreaterThan(RELEASE_NOTES_MAX_CHARS * 0.8);
    expect(text.endsWith('…')).toBe(true);
    expect(text).toMatch(/(lorem|ipsum)…$/);
  });

  it('a tag left open at the end is cut, a lone "<" in text stays', () => {
    expect(releaseNotesText('Fixed 3 < 4 comparisons')).toBe('Fixed 3 < 4 comparisons');
    expect(releaseNotesText('<p>Fixed</p><a href="https://x.test" title="unfinished')).toBe('Fixed');
  });

  it('is total over whatever a feed gives: a number, an object, a list holding null or bad entries', () => {
    expect(releaseNotesText(42)).toBeNull();
    expect(releaseNotesText({ note: 'x' })).toBeNull();
    expect(releaseNotesText([null])).toBeNull();
    expect(releaseNotesText([null, 3, { version: 1, note: 'x' }, { version: '2.0.0', note: 5 }, { version: '2.1.0', note: 'Fixed' }])).toBe('2.1.0\nFixed');
  });

  it('never cuts an emoji in half when it caps', () => {
    const text = `${'a'.repeat(8)}\u{1F600}tail`;
    // The cut falls between the two halves of the emoji.
    const capped = releaseNotesText(text, 10)!;
    expect(capped).toBe(`${'a'.repeat(8)}…`);
    expect(capped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('drops bidi marks, embeddings, overrides and isolates, and keeps line and paragraph separators as breaks', () => {
    expect(releaseNotesText('Safe\u200e \u200fupdate\u202a\u202e\u2066\u2069\u2028second\u2029third')).toBe('Safe update\nsecond\nthird');
  });

  it('caps a version and a release name to one line', () => {
    expect(plainLine(`v${'9'.repeat(100)}`, 64)).toHaveLength(64);
    expect(plainLine('Release\nname\u202e', 200)).toBe('Release name');
    expect(plainLine(12, 200)).toBeNull();
    expect(releaseNotesText([{ version: `1.0.0-${'x'.repeat(200)}`, note: 'Fixed' }])?.split('\n')[0]).toHaveLength(64);
  });
});
