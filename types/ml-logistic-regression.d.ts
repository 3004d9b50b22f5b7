/**
 * Minimal types for ml-logistic-regression 2.0.0 (the package ships none). Used only by the
 * cross-check test and the benchmark: plain gradient ascent, no penalty, no intercept (append a
 * ones column), one-vs-rest classifiers; predict() returns class indices.
 */
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";

  export interface LogisticRegressionOptions {
    /** Gradient steps per one-vs-rest classifier, default 50000. */
    numSteps?: number;
    /** Step size applied to the SUMMED gradient, default 5e-4. */
    learningRate?: number;
  }

  export interface LogisticRegressionTwoClasses {
    numSteps: number;
    learningRate: number;
    /** 1 × cols row vector after train(). */
    weights: Matrix | null;
    train(features: Matrix, target: Matrix): void;
    /** Sigmoid scores P(target = 1) for every row. */
    testScores(features: Matrix): number[];
    predict(features: Matrix): number[];
  }

  export default class LogisticRegression {
    constructor(options?: LogisticRegressionOptions & { classifiers?: LogisticRegressionTwoClasses[]; numberClasses?: number });
    numSteps: number;
    learningRate: number;
    numberClasses: number;
    /** classifiers[k] is trained on target (class ≠ k): its scores are P(class ≠ k). */
    classifiers: LogisticRegressionTwoClasses[];
    /** X: rows × features; Y: Matrix.columnVector of class indices 0…K−1. */
    train(X: Matrix, Y: Matrix): void;
    /** Class index per row. */
    predict(Xtest: Matrix): number[];
    toJSON(): unknown;
    static load(model: unknown): LogisticRegression;
  }
}
