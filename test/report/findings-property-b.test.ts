import { findingsPropertySuite } from "./synthetic-workspaces";

// 20 generated workspaces in two files (so they run on both cores); the first three of each are tiny.
findingsPropertySuite("findings on generated workspaces (2 of 2)", [[60, 11], [60, 12], [60, 13], [75, 14], [85, 15], [95, 16], [105, 17], [130, 18], [160, 19], [200, 20]]);
