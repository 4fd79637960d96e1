import { describe, expect, it } from 'vitest';
import { ClientCreate } from '@core/contract/clients';
import { OwnerAssign } from '@core/contract/owners';
import { PersonCreate } from '@core/contract/people';
import { SiteCreate } from '@core/contract/sites';

const base = { clientId: 'c1', name: 'Main shop', productionUrl: 'https://shop.example.com' };

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('site validation', () => {
  it('accepts a minimal site and normalises blanks to null', () => {
    const r = SiteCreate.parse({ ...base, stagingUrl: '  ', phpVersion: '', notes: '' });
    expect(r.stagingUrl).toBeNull();
    expect(r.phpVersion).toBeNull();
    expect(r.notes).toBeNull();
    expect(r.stage).toBe('planning');
  });

  it('normalises URLs: lower-case host, no trailing slash, path kept', () => {
    const r = SiteCreate.parse({ ...base, productionUrl: ' https://Shop.Example.COM/ ', stagingUrl: 'http://staging.example.com/shop/' });
    expect(r.productionUrl).toBe('https://shop.example.com');
    expect(r.stagingUrl).toBe('http://staging.example.com/shop');
  });

  it.each([
    ['shop.example.com', 'must be a full address such as https://example.com'],
    ['ftp://shop.example.com', 'must start with https://'],
    ['http://shop.example.com', 'must use https://'],
    ['https://admin:hunter22@shop.example.com', 'contains a user name or password'],
    ['https://shop', 'needs a full host name'],
    ['https://shop.example.com/?utm=1', 'without ?query or #fragment'],
    ['', 'Production URL is required'],
  ])('refuses production URL %j with a message naming the field and the fix', (url, message) => {
    const r = SiteCreate.safeParse({ ...base, productionUrl: url });
    expect(r.success).toBe(false);
    expect(issues(r).productionUrl).toContain(message);
    expect(issues(r).productionUrl).toMatch(/^Production URL/);
  });

  it('allows http for staging but not credentials', () => {
    expect(SiteCreate.safeParse({ ...base, stagingUrl: 'http://staging.example.com' }).success).toBe(true);
    const r = SiteCreate.safeParse({ ...base, stagingUrl: 'http://u:p@staging.example.com' });
    expect(issues(r).stagingUrl).toContain('Staging URL contains a user name or password');
  });

  it('refuses a staging URL equal to production', () => {
    const r = SiteCreate.safeParse({ ...base, stagingUrl: 'https://shop.example.com/' });
    expect(issues(r).stagingUrl).toContain('same as the production URL');
  });

  it.each([
    ['sophmateVersion', '2.4.1', true],
    ['sophmateVersion', 'v2.4.1', true],
    ['sophmateVersion', '2.5.0-beta.1', true],
    ['wordpressVersion', '6.5-RC1', true],
    ['phpVersion', '8.2', true],
    ['phpVersion', '8', false],
    ['phpVersion', 'latest', false],
    ['wordpressVersion', '6.x', false],
    ['woocommerceVersion', '9.3.3; drop table', false],
  ])('%s %j valid=%s', (field, value, ok) => {
    const r = SiteCreate.safeParse({ ...base, [field]: value });
    expect(r.success).toBe(ok);
    if (!ok) expect(issues(r)[field]).toMatch(/must look like a version number, for example/);
  });

  it('strips a leading v from versions', () => {
    expect(SiteCreate.parse({ ...base, sophmateVersion: 'v2.4.1' }).sophmateVersion).toBe('2.4.1');
  });

  it('refuses an unknown stage and names the allowed ones', () => {
    const r = SiteCreate.safeParse({ ...base, stage: 'live' });
    expect(issues(r).stage).toContain('planning, setup, pilot, adoption, paused, retired');
  });

  it('refuses secrets in free text and says what to record instead', () => {
    const r = SiteCreate.safeParse({ ...base, notes: 'provider key: sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345' });
    const msg = issues(r).notes!;
    expect(msg).toContain('Notes contains an OpenAI API key');
    expect(msg).toContain('record here only who owns it');
    expect(msg).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz');
  });

  it('requires a client and a name', () => {
    const r = SiteCreate.safeParse({ productionUrl: 'https://a.example.com', name: '  ' });
    expect(issues(r).clientId).toBe('Choose the client this site belongs to.');
    expect(issues(r).name).toBe('Site name is required.');
  });
});

describe('people, clients and owners validation', () => {
  it('lower-cases emails and refuses malformed ones', () => {
    expect(PersonCreate.parse({ name: 'Ann', email: ' Ann@Example.com ', organisation: 'agency' }).email).toBe('ann@example.com');
    const r = PersonCreate.safeParse({ name: 'Ann', email: 'ann@', organisation: 'agency' });
    expect(issues(r).email).toContain('Email must be an address');
  });

  it('requires a client for client-side people and refuses one for agency people', () => {
    expect(issues(PersonCreate.safeParse({ name: 'A', email: 'a@b.co', organisation: 'client' })).clientId).toContain('Choose the client');
    expect(issues(PersonCreate.safeParse({ name: 'A', email: 'a@b.co', organisation: 'agency', clientId: 'c1' })).clientId).toContain(
      'Agency people are not tied to a client',
    );
  });

  it('validates phone numbers', () => {
    expect(PersonCreate.safeParse({ name: 'A', email: 'a@b.co', organisation: 'agency', phone: '+44 20 7946 0000' }).success).toBe(true);
    expect(issues(PersonCreate.safeParse({ name: 'A', email: 'a@b.co', organisation: 'agency', phone: 'call me' })).phone).toContain(
      'Phone must contain digits',
    );
  });

  it('refuses an unknown responsibility, naming the valid ones', () => {
    const r = OwnerAssign.safeParse({ siteId: 's', responsibility: 'coffee', ownerId: 'p' });
    expect(issues(r).responsibility).toContain('Responsibility must be one of: setup, primary');
  });

  it('refuses the owner as their own backup', () => {
    const r = OwnerAssign.safeParse({ siteId: 's', responsibility: 'backups', ownerId: 'p', backupOwnerId: 'p' });
    expect(issues(r).backupOwnerId).toContain('someone other than the owner');
  });

  it('limits client names', () => {
    expect(issues(ClientCreate.safeParse({ name: 'x'.repeat(121) })).name).toContain('keep it under 120 characters');
  });
});
