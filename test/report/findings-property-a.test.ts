import { findingsPropertySuite } from "./synthetic-workspaces";

// 20 generated workspaces in two files (so they run on both cores); the first three of each are tiny.
findingsPropertySuite("findings on generated workspaces (1 of 2)", [[60, 1], [60, 2], [60, 3], [70, 4], [80, 5], [90, 6], [100, 7], [110, 8], [120, 9], [150, 10]]);
