<#import "template.ftl" as layout>
<#-- Consent page: names the client, says what the agent will do, lists only scopes meant for people
     (client_type and client_assurance_level are token claims, never shown here). -->
<#assign clientLabel = (client.name?has_content && !client.name?starts_with("$"))?then(client.name, client.clientId)>
<@layout.registrationLayout bodyClass="oauth"; section>
  <#if section = "header">
    <span id="kc-client-request" class="mcp-demo-request">${clientLabel} is requesting access</span>
  <#elseif section = "form">
    <div id="kc-oauth" class="content-area">
      <p id="kc-consent-summary">The AI agent <strong id="kc-consent-client">${clientLabel}</strong> wants to read stock data for your region on your behalf.
        It will only see the stocks available in your region, for as long as this access lasts.</p>
      <#if oauth.clientScopesRequested?has_content>
        <p>It asks for:</p>
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
        <button id="kc-approve" name="accept" value="yes" type="submit" class="${properties.kcButtonPrimaryClass!}">Allow</button>
        <button id="kc-deny" name="cancel" value="no" type="submit" class="${properties.kcButtonSecondaryClass!}">Deny</button>
      </form>
    </div>
  </#if>
</@layout.registrationLayout>
