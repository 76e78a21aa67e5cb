/** Prepares a Teams-style cited message for Web Chat's citation renderer (see citations.js). */
export function adaptCitations<T>(activity: T): T;
