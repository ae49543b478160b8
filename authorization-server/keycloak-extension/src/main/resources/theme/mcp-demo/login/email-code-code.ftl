<#import "template.ftl" as layout>
<#-- Code page of the email-code authenticator; texts: messages/messages_en.properties (emailCode*). -->
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    <span id="kc-client-request" class="mcp-demo-request">${msg("emailCodeClientRequest", clientName)}</span>
  <#elseif section = "form">
    <div id="kc-email-code-sent" class="mcp-demo-info" data-info="code_sent">${msg("emailCodeSentBefore")} <strong id="kc-email-code-address">${emailCodeEmail!''}</strong>${msg("emailCodeSentAfter", emailCodeTtlMinutes)}</div>
    <#if emailCodeError??>
      <div id="kc-email-code-error" class="mcp-demo-error" data-error="${emailCodeError}" role="alert">${msg("emailCodeError." + emailCodeError, emailCodeErrorArgument)}</div>
    </#if>
    <form id="kc-code-form" action="${url.loginAction}" method="post">
      <label for="code">${msg("emailCodeLabel")}</label>
      <input id="code" name="code" type="text" class="mcp-demo-field" inputmode="numeric" pattern="[0-9 ]*"
             autocomplete="one-time-code" maxlength="12" autofocus/>
      <div class="mcp-demo-actions">
        <button id="kc-code-submit" name="submitCode" type="submit" class="${properties.kcButtonPrimaryClass!}">${msg("emailCodeSubmit")}</button>
      </div>
    </form>
    <form id="kc-code-other-actions" action="${url.loginAction}" method="post" class="mcp-demo-actions">
      <button id="kc-resend" name="resend" value="true" type="submit" class="${properties.kcButtonSecondaryClass!}">${msg("emailCodeResend")}</button>
      <button id="kc-restart" name="restart" value="true" type="submit" class="${properties.kcButtonSecondaryClass!}">${msg("emailCodeRestart")}</button>
    </form>
  </#if>
</@layout.registrationLayout>
