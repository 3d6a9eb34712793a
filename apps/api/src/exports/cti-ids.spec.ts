import { canonicalJson } from '../common/canonical-json';
import { stixScoId, uuidV5 } from './cti-ids';

describe('CTI ids', () => {
  it('makes RFC 9562 version-5 UUIDs', () => {
    // The RFC's own example: the DNS namespace and "www.example.com".
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('a')).toBe(uuidV5('a'));
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
  });

  it('names cyber-observables as STIX 2.1 does, so that other producers give the same ids', () => {
    // The example of STIX 2.1 section 2.9 (domain-name "example.com").
    expect(stixScoId('domain-name', { value: 'example.com' })).toBe('domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7');
    // The id-contributing properties in canonical order, absent ones left out.
    expect(stixScoId('user-account', { account_login: 'anna', account_type: 'instagram.com', user_id: undefined })).toBe(
      stixScoId('user-account', { account_type: 'instagram.com', account_login: 'anna' }),
    );
  });

  it('writes canonical JSON: sorted keys at every level, JSON string escaping', () => {
    expect(canonicalJson({ b: '2', a: { d: 'x', c: 'é"' } })).toBe('{"a":{"c":"é\\"","d":"x"},"b":"2"}');
  });
});
