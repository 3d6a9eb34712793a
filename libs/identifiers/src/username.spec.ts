import { normalizeUsername } from './username';

describe('normalizeUsername', () => {
  it.each([
    ['SomeHandle', 'instagram.com'],
    ['@SomeHandle', 'instagram.com'],
    ['  @somehandle ', 'www.instagram.com'],
    ['somehandle', 'https://instagram.com'],
    ['SOMEHANDLE', 'https://www.Instagram.com/'],
    ['somehandle@instagram.com', 'instagram.com'],
  ])('%j on %j -> somehandle@instagram.com', (value, platform) => {
    expect(normalizeUsername(value, platform)).toEqual({
      normalized: 'somehandle@instagram.com',
      valid: true,
      platform: 'instagram.com',
    });
  });

  it.each([
    'somehandle@instagram.com',
    '@SomeHandle@www.instagram.com',
    'https://instagram.com/SomeHandle/',
    'https://www.instagram.com/somehandle?igshid=abc',
    'instagram.com/SomeHandle',
  ])('reads the platform from %j when none is given', (value) => {
    expect(normalizeUsername(value)).toEqual({
      normalized: 'somehandle@instagram.com',
      valid: true,
      platform: 'instagram.com',
    });
  });

  it.each([
    ['https://www.tiktok.com/@Dance.Queen', 'dance.queen@tiktok.com'],
    ['https://www.reddit.com/user/Night_Owl/', 'night_owl@reddit.com'],
    ['https://www.linkedin.com/in/Recruiter-Jobs', 'recruiter-jobs@linkedin.com'],
    ['https://m.facebook.com/Some.Page', 'some.page@facebook.com'],
    ['https://vk.com/%D0%BC%D0%B0%D1%88%D0%B0', 'маша@vk.com'],
  ])('takes the handle from the profile URL %s', (value, expected) => {
    expect(normalizeUsername(value).normalized).toBe(expected);
  });

  it('lets a profile URL win over a separately given platform', () => {
    expect(normalizeUsername('https://tiktok.com/@abc', 'instagram.com').normalized).toBe(
      'abc@tiktok.com',
    );
  });

  it('keeps a platform given by name', () => {
    expect(normalizeUsername('@Abc', 'OnlyFans')).toEqual({
      normalized: 'abc@onlyfans',
      valid: true,
      platform: 'onlyfans',
    });
  });

  it('returns the bare handle, valid, without platform when none is known', () => {
    expect(normalizeUsername('@Jane_Doe')).toEqual({
      normalized: 'jane_doe',
      valid: true,
      platform: null,
    });
  });

  it('flags handles that cannot be handles', () => {
    expect(normalizeUsername('   ').valid).toBe(false);
    expect(normalizeUsername('jane doe', 'instagram.com')).toEqual({
      normalized: 'jane doe@instagram.com',
      valid: false,
      platform: 'instagram.com',
    });
    expect(normalizeUsername('jane@tiktok.com', 'instagram.com').valid).toBe(false);
    expect(normalizeUsername('https://instagram.com/').valid).toBe(false);
  });
});
