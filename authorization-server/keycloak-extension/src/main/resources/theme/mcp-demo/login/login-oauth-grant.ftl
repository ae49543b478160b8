<#import "template.ftl" as layout>
<#-- Consent page: names the client, says what the agent will do, lists only scopes meant for people
     (client_type and client_assurance_level are token claims, never shown here). Texts: messages (mcpConsent*). -->
<#assign clientLabel = (client.name?has_content && !client.name?starts_with("$"))?then(client.name, client.clientId)>
<@layout.registrationLayout bodyClass="oauth"; section>
  <#if section = "header">
    <span id="kc-client-request" class="mcp-demo-request">${msg("emailCodeClientRequest", clientLabel)}</span>
  <#elseif section = "form">
    <div id="kc-oauth" class="content-area">
      <p id="kc-consent-summary">${msg("mcpConsentSummaryBefore")} <strong id="kc-consent-client">${clientLabel}</strong> ${msg("mcpConsentSummaryAfter")}</p>
      <#if oauth.clientScopesRequested?has_content>
        <p>${msg("mcpConsentAsksFor")}</p>
        <ul id="kc-consent-scopes" class="mcp-demo-scopes">
          <#list oauth.clientScopesRequested as clientScope>
            <li data-scope="${clientScope.consentScreenText}">
              <#if !clientScope.dynamicScopeParameter??>${advancedMsg(clientScope.consentScreenText)}<#else>${advancedMsg(clientScope.consentScreenText)}: <b>${clientScope.dynamicScopeParameter}</b></#if>
            </li>
          </#list>
        </ul>
      </#if>
      <form id="kc-consent-form" class="form-actions mcp-demo-actions" action="${url.oauthAction}" method="POST">
        <input type="hidden" name="code" value="${oauth.code}">
        <button id="kc-approve" name="accept" value="yes" type="submit" class="${properties.kcButtonPrimaryClass!}">${msg("mcpConsentAllow")}</button>
        <button id="kc-deny" name="cancel" value="no" type="submit" class="${properties.kcButtonSecondaryClass!}">${msg("mcpConsentDeny")}</button>
      </form>
    </div>
  </#if>
</@layout.registrationLayout>
