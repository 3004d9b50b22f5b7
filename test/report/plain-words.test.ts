import { describe, expect, it } from "vitest";
import { customerLabels, readableProductType } from "../../lib/report/plain-words";

describe("readableProductType", () => {
  it("splits grocery product types into words", () => {
    expect(readableProductType("babyfood12months")).toBe("Baby food 12 months");
    expect(readableProductType("ricepastapulses")).toBe("Rice pasta pulses");
    expect(readableProductType("cleaningandhousehold")).toBe("Cleaning and household");
    expect(readableProductType("allpurposecleaner")).toBe("All purpose cleaner");
    expect(readableProductType("toiletrollkitchenroll")).toBe("Toilet roll kitchen roll");
    expect(readableProductType("tea")).toBe("Tea");
  });

  it("keeps unknown letters together and never loses characters", () => {
    expect(readableProductType("xyzzyfood")).toBe("Xyzzy food");
    expect(readableProductType("Pet_Care-2")).toBe("Pet Care 2");
    expect(readableProductType("qqq")).toBe("Qqq");
    for (const name of ["babyfood6months", "zzzwinezzz", "a1b2"]) {
      expect(readableProductType(name).replace(/ /g, "").toLowerCase()).toBe(name.toLowerCase());
    }
  });
});

describe("customerLabels", () => {
  it("labels customers by first appearance, one label per customer", () => {
    const labels = customerLabels([3482464092292, 1111111111111, 3482464092292, 22]);
    expect([...labels.entries()]).toEqual([
      [3482464092292, "Customer 1"],
      [1111111111111, "Customer 2"],
      [22, "Customer 3"],
    ]);
  });
});
