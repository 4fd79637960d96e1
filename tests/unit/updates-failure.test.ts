/**
 * What an update failure says on the page and in the log never carries a credential: a header with a
 * scheme word, a JSON header, a URL with a user and password or a token in its query.
 */
import { describe, expect, it } from 'vitest';
import { updateFailureMessage, withoutAddresses, withoutCredentials } from '@main/updates/failure';

describe('masking credentials', () => {
  it.each([
    ['Authorization: Bearer ghp_SECRET123', 'Authorization (hidden)'],
    ['{"authorization":"token ghp_SECRET"}', '{"authorization" (hidden)}'],
    ["headers {'Authorization': 'Basic dXNlcjpwYXNz'} sent", "headers {'Authorization' (hidden)} sent"],
    ['password=hunter2&user=me', 'password (hidden)&user=me'],
    ['failed with token ghp_SECRET9 at line 3', 'failed with token (hidden) at line 3'],
    ['a bare github_pat_11ABCDEFG0123456789 leaked', 'a bare (token hidden) leaked'],
  ])('%s', (text, masked) => {
    expect(withoutAddresses(text)).toBe(masked);
    expect(withoutCredentials(text)).toBe(masked);
  });

  it('an address is hidden on the page; in the log only its user, password and query are', () => {
    const text = 'GET https://bot:pa55word@updates.example.com/feed/latest.yml?token=abc123&x=1 failed';
    expect(withoutAddresses(text)).toBe('GET (address hidden) failed');
    expect(withoutCredentials(text)).toBe('GET https://(hidden)@updates.example.com/feed/latest.yml?(hidden) failed');
  });

  it('a failure message keeps no credential', () => {
    const message = updateFailureMessage(new Error('Cannot download: Authorization: Bearer ghp_SECRET123 refused'), 'download');
    expect(message).toBe('The update could not be downloaded: Cannot download: Authorization (hidden) refused.');
  });
});
