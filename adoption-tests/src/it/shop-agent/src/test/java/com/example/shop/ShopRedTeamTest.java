package com.example.shop;

import dev.leash.eval.junit.LeashRedTeam;
import dev.leash.eval.report.ScenarioResult;

/** Red-team before deployment and after every change: one test per scenario and level. */
class ShopRedTeamTest {

    @LeashRedTeam(agentModule = ShopAgentModule.class, config = "leash.yaml", scenarios = "src/test/redteam", levels = {2, 3})
    void redTeam(ScenarioResult result) {
    }
}
