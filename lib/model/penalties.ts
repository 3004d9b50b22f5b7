/**
 * The penalties and named class weights of the logistic regression, in a module of their own so that
 * experiment definitions, forms and pages can list them without loading the solver.
 */
export const PENALTIES = ["none", "l2", "l1", "elasticnet"] as const;
export type Penalty = (typeof PENALTIES)[number];

/** The class weights an experiment definition can name ("balanced" is n / (2·count_c)). */
export const NAMED_CLASS_WEIGHTS = ["none", "balanced"] as const;
export type NamedClassWeight = (typeof NAMED_CLASS_WEIGHTS)[number];
