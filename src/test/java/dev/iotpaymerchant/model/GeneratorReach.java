package dev.iotpaymerchant.model;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;

/**
 * Not a test (the build does not run it: its name does not end in Test), but the measuring tool behind the table
 * in docs/CONTRIBUTING.md: how often {@link PaymentModelPropertyTest}'s generator reaches a defect, with a fix
 * reverted in a scratch copy. It draws {@code reach.runs} runs of {@code reach.tries} (default 80, the build's)
 * generated cases from the property's own arbitrary, run {@code i} from {@code new Random(reach.seed + i)}, runs
 * each as the property does (without shrinking, nor jqwik's edge cases) and prints at which try each run first
 * failed, and how:
 * {@code mvn test -Dtest=GeneratorReach -Dreach.runs=20 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GeneratorReach {

    @Example
    void reach() {
        int runs = Integer.getInteger("reach.runs", 0);
        int tries = Integer.getInteger("reach.tries", 80);
        long seed = Long.getLong("reach.seed", 1);
        RandomGenerator<List<Step>> generator = new PaymentModelPropertyTest().steps().generator(1000);
        int found = 0;
        StringBuilder report = new StringBuilder();
        for (int run = 0; run < runs; run++) {
            Random random = new Random(seed + run);
            String first = "nothing found";
            for (int tried = 1; tried <= tries; tried++) {
                try {
                    PaymentModelPropertyTest.run(generator.next(random).value());
                } catch (AssertionError | RuntimeException failure) {
                    String text = String.valueOf(failure.getMessage());
                    first = "try " + tried + ": " + text.lines().filter(l -> l.startsWith("  ") && !l.startsWith("    "))
                            .findFirst().orElse(text.lines().findFirst().orElse("")).trim();
                    found++;
                    break;
                }
            }
            report.append("\n  seed ").append(seed + run).append(": ").append(first);
        }
        System.out.println("GeneratorReach: found in " + found + " of " + runs + " runs of " + tries + " tries" + report);
    }
}
