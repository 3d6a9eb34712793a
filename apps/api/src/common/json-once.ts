/**
 * Each object's JSON, computed once. An event's version is serialized for its row in the log, to
 * tell apart the audiences that read it alike, and for every frame it goes out in; a batch of
 * 1,000 findings did each of those for each finding. Only for values that nobody changes after
 * their first serialization: the versions of a committed event.
 */
const cache = new WeakMap<object, string>();

export function jsonOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let json = cache.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    cache.set(value, json);
  }
  return json;
}
