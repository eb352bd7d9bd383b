package io.ottplatform.simulator.token;

import io.ottplatform.simulator.SimulatedView;

/**
 * Tokens minted with a development key ({@code --token-key}): for benchmarks and tests that run ingest-api
 * without a serving-api, whose ingest trusts that key's JWKS file. Never refuses a view.
 */
public final class MintedTokens implements TokenSource {

  private final PlaybackTokenMinter minter;

  public MintedTokens(PlaybackTokenMinter minter) {
    this.minter = minter;
  }

  @Override
  public Grant grant(SimulatedView view) {
    return Grant.granted(view.sessionId(), minter.mint(view));
  }

  @Override
  public String describe() {
    return "tokens minted with a development key";
  }
}
