package example.mcpauth.stocks.policy;

/**
 * Region rule: a caller sees and trades only the stocks of the region in their token, compared
 * exactly as the realm issues it ({@code USA}, not {@code usa}; the claim's shape is checked by
 * oauth-support's TokenClaims). A token without {@code region} gets nothing.
 */
public final class RegionPolicy {

    public static final String MISSING_REGION = "missing_region";
    public static final String WRONG_REGION = "region_not_allowed";

    private RegionPolicy() {
    }

    /** The caller's region; refuses a caller whose token carries none. */
    public static String regionOf(Caller caller) {
        String region = caller.region();
        if (region == null) {
            throw new AccessDenied(MISSING_REGION,
                    "The access token has no 'region' claim, so the API cannot tell which stocks you may see. "
                            + "Ask the authorization server to issue the region claim for this client.");
        }
        return region;
    }

    /** Refuses access to a stock of another region than the caller's. */
    public static void requireSameRegion(Caller caller, String stockSymbol, String stockRegion) {
        String region = regionOf(caller);
        if (!region.equals(stockRegion)) {
            throw new AccessDenied(WRONG_REGION,
                    "Stock " + stockSymbol + " is traded in region " + stockRegion + ", but your token is for region "
                            + region + ". You may only order stocks of your own region.");
        }
    }
}
