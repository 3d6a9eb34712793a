/**
 * One line in each of six languages whose letters the standard PDF fonts lacked (they printed as
 * "?"): Ukrainian and Russian (Cyrillic), Greek, Romanian (ș ț with the comma below, ă î â),
 * Turkish (ğ, dotless ı, dotted İ, ş), Albanian (ë ç).
 */
export const EUROPEAN_SAMPLES = {
  uk: 'Кіберполіція України',
  ru: 'Москва',
  el: 'Ελληνική Αστυνομία',
  ro: 'Poliția Română, Timișoara',
  tr: 'İstanbul Emniyet Müdürlüğü, ığüşöç',
  sq: 'Policia e Shtetit, Tiranë, Durrës, çelës',
} as const;
