import { reviewKeyAction, type ReviewKeyInput } from './review-keys';

const press = (key: string, patch: Partial<ReviewKeyInput> = {}) => reviewKeyAction({ key, target: { tagName: 'BODY' }, inQueue: true, ...patch });

describe('reviewKeyAction', () => {
  it('maps j/k, arrows, Home/End and c/r/d', () => {
    expect(['j', 'k', 'ArrowDown', 'ArrowUp', 'Home', 'End', 'c', 'r', 'd'].map((k) => press(k))).toEqual([
      'next',
      'prev',
      'next',
      'prev',
      'first',
      'last',
      'confirm',
      'reject',
      'duplicate',
    ]);
    expect(press('C')).toBe('confirm'); // Caps Lock
    expect(press('x')).toBeNull();
    expect(press('Enter')).toBeNull();
  });

  it('leaves keys alone while typing in a field or with browser modifiers', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) expect(press('c', { target: { tagName } })).toBeNull();
    expect(press('c', { target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('r', { metaKey: true })).toBeNull();
    expect(press('j', { altKey: true })).toBeNull();
  });

  it('lets the duplicate picker handle its own keys', () => {
    expect(press('c', { pickerOpen: true, target: { tagName: 'BUTTON' } })).toBeNull();
    expect(press('ArrowDown', { pickerOpen: true })).toBeNull();
  });

  it('takes letters anywhere but arrows only in the queue, so the page still scrolls elsewhere', () => {
    expect(press('c', { target: { tagName: 'BUTTON' }, inQueue: false })).toBe('confirm');
    expect(press('ArrowDown', { target: { tagName: 'A' }, inQueue: false })).toBeNull();
    expect(press('ArrowDown', { target: { tagName: 'LI' }, inQueue: true })).toBe('next');
  });
});
