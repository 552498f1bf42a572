package dev.iotpaymerchant.platform.http.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** A problem stays within the contract's limits of Problem, whatever the caller sent for it to quote. */
class ProblemMapperLimitsTest {

    @Test
    void aDetailQuotingAHugeFieldNameIsCutWithinTheLimitWithoutSplittingACharacter() {
        String name = "\uD83D\uDE00".repeat(8000);
        JsonObject problem = Json.createReader(new StringReader(ProblemMapper.json(
                ProblemException.badRequest("Unknown field '" + name + "'.").with("mchOrderNo", name), null))).readObject();
        String detail = problem.getString("detail");
        assertEquals(ProblemMapper.MAX_DETAIL, detail.length(), detail.length() + " characters");
        assertTrue(detail.endsWith("\uD83D\uDE00…"), "whole characters, then the ellipsis");
        assertTrue(problem.getString("mchOrderNo").length() <= ProblemMapper.MAX_EXTENSION);
    }

    @Test
    void whatIsWithinTheLimitsIsAnsweredAsItIs() {
        String detail = "d".repeat(ProblemMapper.MAX_DETAIL);
        JsonObject problem = Json.createReader(new StringReader(ProblemMapper.json(
                new ProblemException(409, "conflict", "t".repeat(ProblemMapper.MAX_TITLE), detail), null))).readObject();
        assertEquals(detail, problem.getString("detail"));
        assertEquals("t".repeat(ProblemMapper.MAX_TITLE), problem.getString("title"));
    }
}
