/** Bump whenever a verdict can change, so stored grades can be told apart from fresh ones. */
export const GRADER_VERSION: string = '1.4.4';
