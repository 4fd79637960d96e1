import { describe, expect, it } from 'vitest';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { missingSetupFields } from '@core/domain/setup-record';
import { compareVersions } from '@core/domain/versions';

describe('compareVersions', () => {
  it.each([
    ['6.6.2', '6.6.10', -1],
    ['8.2', '8.2.0', 0],
    ['2.5.0-beta.1', '2.5.0', -1],
    ['10.0', '9.9.9', 1],
    ['2.4.1', '2.4.1', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('setup record completeness', () => {
  const complete = {
    productionUrl: 'https://a.example.com',
    stagingUrl: 'https://staging.a.example.com',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Astra',
    hasSetupOwner: true,
  };
  it('is complete with every required part', () => {
    expect(missingSetupFields(complete)).toEqual([]);
  });
  it('lists what is missing in form order, setup owner last', () => {
    expect(missingSetupFields({ ...complete, stagingUrl: null, phpVersion: null, hasSetupOwner: false })).toEqual([
      'Staging URL',
      'PHP version',
      'Setup owner',
    ]);
  });
});

describe('responsibilities', () => {
  it('has the ten from the domain, each with a label and description', () => {
    expect(RESPONSIBILITIES).toHaveLength(10);
    for (const r of RESPONSIBILITIES) {
      expect(RESPONSIBILITY_INFO[r].label.length).toBeGreaterThan(2);
      expect(RESPONSIBILITY_INFO[r].description.length).toBeGreaterThan(10);
    }
  });
});
