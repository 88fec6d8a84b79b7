// The placeholder for the non-constant parts of a string, shared by every language's front-end.

/** Stands for a part of a string that is not constant, so patterns can still be read around it. */
export const HOLE = '\u0001';
